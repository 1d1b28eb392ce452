// Starts the calculator's Python engine (worker.js) as early as possible: this classic script
// is loaded from the <head> of the calculator page only (overrides/main.html), so the worker
// downloads and compiles the Python runtime on the second core while the page is still being
// parsed and laid out. engine.js adopts the worker and the messages it sent meanwhile.
(() => {
  const script = document.currentScript;
  if (typeof Worker !== "function" || typeof WebAssembly !== "object" || !script) return;
  let worker;
  try {
    worker = new Worker(new URL("worker.js", script.src), { type: "module" });
  } catch {
    return; // engine.js tries again and reports the failure
  }
  const early = { worker, messages: [], failed: false };
  const keep = (event) => early.messages.push(event.data);
  const fail = (event) => {
    event.preventDefault();
    early.failed = true;
  };
  worker.addEventListener("message", keep);
  worker.addEventListener("error", fail);
  early.release = () => {
    worker.removeEventListener("message", keep);
    worker.removeEventListener("error", fail);
    return early.messages.splice(0);
  };
  window.__calcEarlyWorker = early;
})();
