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
