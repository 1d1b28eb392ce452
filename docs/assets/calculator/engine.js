// The Python engine: a module Web Worker (worker.js) running the calculator package in Pyodide,
// started by prestart.js from the page's <head> (a SharedWorker where the browser has them, so
// pages share it and it outlives them for a while; see there). Calls are {id, fn, arg} messages;
// answers are the JSON strings the Python API returns.

export class Engine {
  constructor(onState) {
    this.onState = onState;
    this.calls = new Map();
    this.nextId = 1;
    this.state = "loading";
    this.readyWaiters = [];
    // Answers to calls prestart.js sent before this script ran (a share link's open_link), by
    // call: the first call() asking the same takes the answer instead of asking again.
    this.early = new Map();
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.fail("nowasm");
      return;
    }
    // prestart.js (in the page's <head>) has started the worker; it could not if it failed.
    const early = window.__calcEarlyWorker;
    window.__calcEarlyWorker = undefined;
    if (!early) {
      this.fail("load");
      return;
    }
    for (const { id, fn, arg } of early.calls || []) {
      const answer = new Promise((resolve, reject) => this.calls.set(id, { resolve, reject }));
      answer.catch(() => {}); // awaited when the page asks for it
      this.early.set(callKey(fn, arg), answer);
    }
    this.port = early.port;
    this.port.addEventListener("message", (event) => this.receive(event.data || {}));
    early.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail("load");
    });
    // Messages the worker sent before this page script ran, in order.
    for (const message of early.release()) this.receive(message || {});
    if (early.failed) this.fail("load");
  }

  receive(message) {
    if (message.type === "progress") {
      this.onState("loading", message.stage);
    } else if (message.type === "ready") {
      this.state = "ready";
      this.onState("ready");
      for (const resolve of this.readyWaiters.splice(0)) resolve(true);
    } else if (message.type === "fatal") {
      this.fail("load");
    } else if (message.id !== undefined && this.calls.has(message.id)) {
      const { resolve, reject } = this.calls.get(message.id);
      this.calls.delete(message.id);
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    }
  }

  fail(reason) {
    if (this.state === "failed") return;
    this.state = "failed";
    this.reason = reason;
    this.onState("failed", reason);
    for (const resolve of this.readyWaiters.splice(0)) resolve(false);
    for (const { reject } of this.calls.values()) reject(new Error("engine failed"));
    this.calls.clear();
  }

  whenReady() {
    if (this.state === "ready") return Promise.resolve(true);
    if (this.state === "failed") return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async call(fn, arg) {
    const key = callKey(fn, arg);
    const early = this.early.get(key);
    if (early) {
      this.early.delete(key);
      // Handed over in a task of its own: the page asks while it starts up, in the task that
      // evaluates its modules, and drawing the result there too made one long task of both
      // and the load event later (a warm link's first score 0.73 against 0.62 s; README,
      // "Phone first, eighth pass").
      await new Promise((resolve) => setTimeout(resolve, 0));
      return early;
    }
    if (!(await this.whenReady())) throw new Error("engine failed");
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.port.postMessage({ id, fn, arg });
    });
  }

  async json(fn, arg) {
    return JSON.parse(await this.call(fn, arg));
  }
}

function callKey(fn, arg) {
  return `${fn}\n${arg}`;
}
