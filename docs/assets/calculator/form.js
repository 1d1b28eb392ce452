// The generated form (scripts/build_form.py writes its markup from calculator.surfaces.api.form_spec()):
// reading the answers, writing them back, showing fields by their show_if condition, offence rows
// and the errors shown beside the fields. Each city's questions stay in their template until that
// city is chosen (section). Knows nothing about scoring.

import { clear, fmt, show, today } from "./dom.js";

function control(fieldNode) {
  return fieldNode.querySelector("select, input:not([data-offence])");
}

function offences(fieldNode) {
  const rows = [];
  for (const row of fieldNode.querySelectorAll(".calc-offence")) {
    const date = row.querySelector('input[data-offence="date"]').value;
    const kinds = [...row.querySelectorAll('input[data-offence="kind"]:checked')].map(
      (box) => box.value,
    );
    if (date || kinds.length) rows.push({ date, kinds });
  }
  return rows;
}

// The value a field holds, as the string a form gives ("" when empty).
function formValue(fieldNode) {
  const type = fieldNode.dataset.type;
  if (type === "offences") return offences(fieldNode).length ? "filled" : "";
  const box = control(fieldNode);
  if (!box) return "";
  if (type === "bool") return box.checked ? "true" : "false";
  return box.value.trim();
}

function addOffence(fieldNode, item = null) {
  const template = fieldNode.querySelector("template.calc-offence-template");
  const list = fieldNode.querySelector(".calc-offence-list");
  const row = template.content.firstElementChild.cloneNode(true);
  if (item) {
    row.querySelector('input[data-offence="date"]').value = fmt(item.date);
    const kinds = Array.isArray(item.kinds) ? item.kinds.map(String) : [];
    for (const box of row.querySelectorAll('input[data-offence="kind"]')) {
      box.checked = kinds.includes(box.value);
    }
  }
  list.append(row);
  return row;
}

function setValue(fieldNode, value) {
  const type = fieldNode.dataset.type;
  if (type === "offences") {
    if (!Array.isArray(value)) return;
    for (const item of value) {
      if (item && typeof item === "object") addOffence(fieldNode, item);
    }
    return;
  }
  const box = control(fieldNode);
  if (!box) return;
  if (type === "bool") {
    box.checked = value === true || String(value).toLowerCase() === "true";
  } else {
    box.value = value === null || value === undefined ? "" : String(value);
  }
}

export class Form {
  constructor(form) {
    this.form = form;
  }

  city() {
    const checked = this.form.querySelector('input[name="city"]:checked');
    return checked ? checked.value : "";
  }

  // A city's questions. They come in a <template> (build_form.py) and are put into the form the
  // first time that city is needed; they stay afterwards, so answers survive a change of city.
  section(city = this.city()) {
    if (!city) return null;
    const live = [...this.form.querySelectorAll(".calc-fields")].find((n) => n.dataset.city === city);
    if (live) return live;
    const template = [...this.form.querySelectorAll("template.calc-city-fields")].find(
      (n) => n.dataset.city === city,
    );
    if (!template) return null;
    const section = template.content.firstElementChild.cloneNode(true);
    template.replaceWith(section);
    this.prefillDates();
    return section;
  }

  fieldNode(section, id) {
    return [...section.querySelectorAll(".calc-field")].find((n) => n.dataset.field === id) || null;
  }

  // Show or hide fields by their generated show_if condition (parents come first).
  updateVisibility() {
    const section = this.section();
    for (const node of this.form.querySelectorAll(".calc-fields")) show(node, node === section);
    if (!section) return;
    for (let pass = 0; pass < 5; pass++) {
      let changed = false;
      for (const node of section.querySelectorAll(".calc-field[data-show-field]")) {
        const parent = this.fieldNode(section, node.dataset.showField);
        let visible = false;
        if (parent && !parent.hidden) {
          let allowed = [];
          try {
            allowed = JSON.parse(node.dataset.showIn || "[]");
          } catch {
            allowed = [];
          }
          visible = allowed.includes(formValue(parent));
        }
        if (node.hidden === visible) {
          node.hidden = !visible;
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  // The answers of the visible fields, as the JSON object calculator.surfaces.api.evaluate takes.
  answers() {
    const city = this.city();
    const out = { city };
    const section = this.section(city);
    if (!section) return out;
    for (const node of section.querySelectorAll(".calc-field")) {
      if (node.hidden) continue;
      const id = node.dataset.field;
      if (node.dataset.type === "offences") {
        const rows = offences(node);
        if (rows.length) out[id] = rows;
        continue;
      }
      const value = formValue(node);
      if (value !== "") out[id] = value;
    }
    return out;
  }

  // The assessment date starts as today; the user can change it.
  prefillDates() {
    for (const input of this.form.querySelectorAll('[data-field="assessment_date"] input')) {
      if (!input.value) input.value = today();
    }
  }

  reset({ city = true } = {}) {
    this.form.reset();
    for (const list of this.form.querySelectorAll(".calc-offence-list")) clear(list);
    if (!city) {
      for (const radio of this.form.querySelectorAll('input[name="city"]')) radio.checked = false;
    }
    this.prefillDates();
    this.clearErrors();
    this.updateVisibility();
  }

  restore(answers) {
    this.reset();
    const city = typeof answers.city === "string" ? answers.city : "";
    const radio = [...this.form.querySelectorAll('input[name="city"]')].find(
      (input) => input.value === city,
    );
    if (!radio) return;
    radio.checked = true;
    const section = this.section(city);
    for (const [id, value] of Object.entries(answers)) {
      if (id === "city") continue;
      const node = this.fieldNode(section, id);
      if (node) setValue(node, value);
    }
    this.updateVisibility();
  }

  // The form's own buttons (offence rows); true if the action was one of them.
  act(action, button) {
    if (action === "add-offence") {
      addOffence(button.closest(".calc-field")).querySelector("input").focus();
    } else if (action === "remove-offence") {
      button.closest(".calc-offence").remove();
    } else {
      return false;
    }
    return true;
  }

  clearErrors() {
    for (const node of this.form.querySelectorAll(".calc-error")) {
      node.textContent = "";
      node.hidden = true;
    }
    for (const node of this.form.querySelectorAll(".calc-field.calc-has-error")) {
      node.classList.remove("calc-has-error");
    }
  }

  // Errors beside their fields, only where the person has typed something: empty required
  // fields are listed with the result instead.
  showErrors(errors) {
    const section = this.section();
    for (const error of errors) {
      const node = section && error.field ? this.fieldNode(section, error.field) : null;
      if (!node || node.hidden || formValue(node) === "") continue;
      const message = fmt(error.message);
      const slot = node.querySelector(".calc-error");
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      slot.hidden = false;
      node.classList.add("calc-has-error");
    }
  }
}
