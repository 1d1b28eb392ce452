// Entry of the calculator page: wires the generated form, the Python engine (engine.js, running
// worker.js) and the renderers. No scoring, validation, checklist or verdict logic lives in
// JavaScript, and everything is rendered with createElement/textContent, never innerHTML.
// form.js: the form; result.js: the result; checklist.js: documents and ticks; planning.js:
// what-ifs, chart, timetable; share.js: links and copying; storage.js: what this device keeps;
// status.js: engine state and notices; dom.js: element helpers; viewing.js: whose answers the
// form holds; scenarios.js and compare.js: saved scenarios and their comparison.

import { Checklist } from "./checklist.js";
import { fmt, jsonData } from "./dom.js";
import { Engine } from "./engine.js";
import { Form } from "./form.js";
import { Planning } from "./planning.js";
import { ResultView } from "./result.js";
import { Scenarios } from "./scenarios.js";
import { SharedLink, Sharing, isLink } from "./share.js";
import { Status } from "./status.js";
import { forgetAll, saveAnswers, saveScenario, savedAnswers } from "./storage.js";
import { Viewing } from "./viewing.js";

const DEBOUNCE_MS = 150;

class CalculatorPage {
  constructor(root, engine) {
    const labels = jsonData(root.querySelector("#calc-labels"));
    this.root = root;
    this.engine = engine;
    this.results = root.querySelector("#calc-results");
    this.form = new Form(root.querySelector("#calc-form"));
    this.status = new Status(root);
    this.result = new ResultView(root, labels);
    this.checklist = new Checklist(root);
    this.planning = new Planning(root, engine, labels.rule_pages);
    this.sharing = new Sharing(root, engine, this.status);
    this.link = new SharedLink(engine, this.status);
    this.viewing = new Viewing(root);
    this.scenarios = new Scenarios(root, engine, this);
    this.timer = null;
    this.seq = 0; // the evaluation whose answer may still be shown
    this.response = null; // the evaluate answer on screen
  }

  start() {
    const form = this.form.form;
    form.addEventListener("input", (event) => this.changed(event));
    form.addEventListener("change", (event) => this.changed(event));
    form.addEventListener("submit", (event) => event.preventDefault());
    this.root.addEventListener("click", (event) => this.clicked(event));
    this.results.addEventListener("change", (event) => this.checklist.ticked(event.target));
    window.addEventListener("hashchange", () => this.openLink());
    window.addEventListener("beforeprint", () => this.result.printMeta(this.shownResult()));
    this.result.watch(this.results);

    this.form.prefillDates();
    if (isLink()) {
      this.openLink();
    } else {
      const saved = savedAnswers();
      if (saved) this.form.restore(saved);
      this.refresh();
    }
  }

  engineState(state, detail) {
    this.status.engine(state, detail);
  }

  shownResult() {
    return this.response ? this.response.result : null;
  }

  // -- events --------------------------------------------------------------------------------

  changed(event) {
    if (event.target && event.target.closest && event.target.closest(".calc-results")) return;
    this.edited();
    this.form.updateVisibility();
    this.schedule();
  }

  edited() {
    this.link.edited(); // the answers now differ from a link's: remember them here
    this.status.hideNotice();
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !this.root.contains(button)) return;
    const action = button.dataset.action;
    if (this.form.act(action, button)) {
      this.edited();
      this.schedule();
    } else if (action === "clear") {
      this.clearData();
    } else if (action === "keep-view") {
      this.keepShown();
    } else if (action === "leave-view") {
      this.showOwn();
    } else if (this.scenarios.act(action, button)) {
      // saved scenarios and comparing (scenarios.js)
    } else if (action === "share") {
      this.sharing.share(this.form.answers());
    } else if (action === "copy") {
      this.sharing.copy(this.response ? fmt(this.response.text) : "");
    } else if (action === "print") {
      this.result.printMeta(this.shownResult());
      window.print();
    } else if (action === "deadlines") {
      this.planning.deadlines(this.form.answers());
    } else if (action === "jump") {
      this.results.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }

  schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  // -- evaluation ----------------------------------------------------------------------------

  async refresh() {
    this.form.updateVisibility();
    const answers = this.form.answers();
    if (this.viewing.own && answers.city) saveAnswers(answers);
    const seq = ++this.seq;
    if (!answers.city) {
      this.showEmpty();
      return;
    }
    if (this.engine.state === "failed") return;
    let response;
    try {
      response = await this.engine.json("evaluate", JSON.stringify(answers));
    } catch {
      return; // engine failure is shown by the status
    }
    if (seq !== this.seq) return; // a newer evaluation is on its way
    this.render(response);
  }

  showEmpty() {
    this.response = null;
    this.form.clearErrors();
    this.result.empty(this.engine.state === "failed");
  }

  render(response) {
    if (this.show(response)) this.plan(response);
  }

  // The evaluation's answer on screen: the result, or what is missing (beside the form's
  // fields). True when there is a result, whose plan is then to be asked for.
  show(response) {
    if (!this.showScore(response)) return false;
    this.showDetails(response);
    return true;
  }

  // The first part of `show`: what is missing, or the total, the verdict and when to apply.
  showScore(response) {
    this.form.clearErrors();
    if (!response || !response.ok) {
      const errors = (response && response.errors) || [];
      this.response = null;
      this.result.missing(errors);
      this.form.showErrors(errors);
      return false;
    }
    this.response = response;
    this.result.showScore(response.result);
    this.result.showWhen(response.when);
    this.planning.startFrom(response.when);
    return true;
  }

  // The rest of a result: the lines under the total, and the materials checklist.
  showDetails(response) {
    this.result.showDetails(response.result);
    this.checklist.render(response.checklist || [], response.result.city);
  }

  // What-ifs and the projection for the answers in the form, whose result is `response`.
  plan(response) {
    const seq = this.seq;
    this.planning.refresh(this.form.answers(), response.result, () => seq === this.seq)
      .then((plan) => this.planned(plan, seq));
  }

  // The plan's "when" replaces the evaluation's: a Shanghai date below the line comes from the
  // projection only the plan computes (the evaluation says it is being worked out).
  planned(plan, seq) {
    if (!plan || seq !== this.seq || !this.response || !plan.when) return;
    this.response = { ...this.response, when: plan.when, text: plan.text };
    this.result.showWhen(plan.when);
    this.planning.startFrom(plan.when);
  }

  clearData() {
    forgetAll();
    this.link.leave();
    this.viewing.leave();
    this.scenarios.cleared();
    this.form.reset();
    this.sharing.reset();
    this.seq++;
    this.showEmpty();
    this.status.notice("已清除本设备上保存的答案、勾选记录和方案。", [], "info");
  }

  // Back to the person's own answers: from a share link or a second person's answers, or to
  // `answers` (an opened scenario), which become the person's own.
  showOwn(answers = null) {
    this.link.leave();
    this.viewing.leave();
    this.scenarios.leaveSecond();
    this.status.hideNotice();
    this.seq++;
    if (answers) saveAnswers(answers);
    const own = answers || savedAnswers();
    if (own) this.form.restore(own);
    else this.form.reset();
    this.refresh();
  }

  // "把这些答案存为我的": the answers on screen become the person's own; what was saved before
  // is kept as a scenario, never silently lost.
  keepShown() {
    const before = savedAnswers();
    const answers = this.form.answers();
    const kept = before && before.city && JSON.stringify(before) !== JSON.stringify(answers)
      ? saveScenario("原来的答案", before)
      : null;
    saveAnswers(answers);
    this.link.leave();
    this.viewing.leave();
    this.scenarios.render();
    const note = kept ? `你原来的答案已存为方案“${kept.name}”，可以在“我的方案与比较”里找到。` : "";
    this.status.notice(`这些答案已存为你的答案。${note}`, [], "info");
    this.refresh();
  }

  // A second person's answers (scenarios.js): the form starts from `start` (city and date).
  enterSecond(start) {
    this.link.leave();
    this.viewing.enter("second");
    this.status.hideNotice();
    this.seq++;
    this.form.restore(start);
    this.refresh();
    this.root.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // A share link in the address bar: its answers fill the form as someone else's (never saved
  // here); a link that cannot be read leaves the person's own answers on screen.
  async openLink() {
    if (!isLink()) return;
    this.seq++;
    this.viewing.enter("shared");
    this.scenarios.leaveSecond();
    this.form.reset({ city: false });
    this.showEmpty();
    const own = savedAnswers();
    const opened = await this.link.open(Boolean(own));
    if (opened && opened.superseded) return;
    if (!opened) {
      this.link.leave();
      this.viewing.leave();
      if (own) this.form.restore(own);
      this.refresh();
      return;
    }
    this.seq++;
    if (!opened.response || !opened.response.ok) {
      this.form.restore(opened.answers); // the errors are shown beside its fields
      this.render(opened.response);
      return;
    }
    // The score first; the lines under it, the checklist and the form a frame later: filling
    // the form lays it out anew for the link's city, and in the same frame that held the score
    // back (README, "Phone first, eighth pass"), as did building the lines and the checklist
    // ("tenth pass").
    const seq = this.seq;
    this.showScore(opened.response);
    await afterNextFrame();
    if (seq !== this.seq) return; // the person has moved on meanwhile
    this.showDetails(opened.response);
    this.form.restore(opened.answers);
    this.plan(opened.response);
  }
}

// Resolves in a task after the next frame, or after FRAME_WAIT_MS where no frame comes (a
// page in a background tab draws none).
const FRAME_WAIT_MS = 100;
function afterNextFrame() {
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, FRAME_WAIT_MS);
    window.requestAnimationFrame(() => {
      window.setTimeout(() => {
        window.clearTimeout(timer);
        resolve();
      }, 0);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Boot (also after Material's instant navigation, if it is ever enabled)

let engine = null;
let page = null;

function boot() {
  const root = document.getElementById("calc");
  if (!root || root.dataset.booted) return;
  root.dataset.booted = "true";
  if (!engine) engine = new Engine((state, detail) => page && page.engineState(state, detail));
  page = new CalculatorPage(root, engine);
  page.start();
  page.engineState(engine.state, engine.reason);
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(boot);
} else {
  boot();
}
