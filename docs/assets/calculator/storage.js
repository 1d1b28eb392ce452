// What the page remembers on this device (localStorage): the answers being filled in, the
// ticked checklist items per city and the scenarios saved under a name. Nothing here leaves
// the device; when storage is disabled or full, the page still works and simply forgets.

import { today } from "./dom.js";

const ANSWERS = "jzz-calculator-answers-v1";
const TICKS = "jzz-calculator-ticks-v1";
const SCENARIOS = "jzz-calculator-scenarios-v1";
export const MAX_SCENARIOS = 20;
export const MAX_NAME = 30;

function read(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage disabled or full.
  }
}

function remove(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Storage disabled.
  }
}

// The answers saved on this device, or null.
export function savedAnswers() {
  const saved = read(ANSWERS);
  return saved && typeof saved === "object" ? saved : null;
}

export function saveAnswers(answers) {
  write(ANSWERS, answers);
}

// The ids of the checklist items ticked for one city.
export function ticks(city) {
  const all = read(TICKS) || {};
  return new Set(Array.isArray(all[city]) ? all[city].map(String) : []);
}

export function saveTicks(city, ids) {
  const all = read(TICKS) || {};
  all[city] = [...ids];
  write(TICKS, all);
}

// The saved scenarios, oldest first: [{id, name, answers, saved}]; anything malformed is skipped.
export function scenarios() {
  const all = read(SCENARIOS);
  if (!Array.isArray(all)) return [];
  return all.filter(
    (s) => s && typeof s === "object" && typeof s.id === "string" && typeof s.name === "string"
      && s.answers && typeof s.answers === "object" && !Array.isArray(s.answers),
  );
}

function cleanName(name) {
  return String(name || "").trim().slice(0, MAX_NAME);
}

// Saves answers under a name; returns the new scenario, or null if the list is full or the
// device does not keep it.
export function saveScenario(name, answers) {
  const all = scenarios();
  if (all.length >= MAX_SCENARIOS) return null;
  const id = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const scenario = { id, name: cleanName(name) || `方案${all.length + 1}`, answers, saved: today() };
  write(SCENARIOS, [...all, scenario]);
  return scenarios().some((s) => s.id === id) ? scenario : null;
}

export function renameScenario(id, name) {
  const clean = cleanName(name);
  if (!clean) return false;
  write(SCENARIOS, scenarios().map((s) => (s.id === id ? { ...s, name: clean } : s)));
  return true;
}

export function deleteScenario(id) {
  write(SCENARIOS, scenarios().filter((s) => s.id !== id));
}

// "Clear my data": everything this page keeps on the device.
export function forgetAll() {
  remove(ANSWERS);
  remove(TICKS);
  remove(SCENARIOS);
}
