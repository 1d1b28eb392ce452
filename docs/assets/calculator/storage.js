// What the page remembers on this device (localStorage): the answers being filled in and the
// ticked checklist items per city. Nothing here leaves the device; when storage is disabled or
// full, the page still works and simply forgets.

const ANSWERS = "jzz-calculator-answers-v1";
const TICKS = "jzz-calculator-ticks-v1";

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

// "Clear my data": everything this page keeps on the device.
export function forgetAll() {
  remove(ANSWERS);
  remove(TICKS);
}
