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
  deferSearchIndex(worker);

  // Material's search fetches its index (search/search_index.json, with XMLHttpRequest) as its
  // bundle starts and builds it in a worker of its own: about a second of CPU on a phone, which on
  // this page would compete with the Python engine for the first score. Here that request is held
  // back until the engine has answered the page's first `evaluate` (the score is then drawn), the
  // engine has failed, the reader reaches for search (focus in the search box, or its toggle), or
  // a second has passed since the engine was ready (an empty form asks for no score), whichever
  // comes first; search then works as on every other page.
  function deferSearchIndex(worker) {
    const INDEX = /\/search\/search_index\.json$/;
    const IDLE_AFTER_READY_MS = 1000;
    const held = [];
    const evaluations = new Set();
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (data, ...rest) => {
      if (data && data.fn === "evaluate") evaluations.add(data.id);
      return post(data, ...rest);
    };
    let open = false;
    const release = () => {
      if (open) return;
      open = true;
      worker.postMessage = post;
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", release);
      document.removeEventListener("focusin", onFocus, true);
      document.removeEventListener("change", onFocus, true);
      // A task after this one, so that the page draws the score first.
      setTimeout(() => held.splice(0).forEach((send) => send()), 0);
    };
    const onMessage = (event) => {
      const data = event.data || {};
      if (evaluations.has(data.id) || data.type === "fatal") release();
      else if (data.type === "ready") setTimeout(release, IDLE_AFTER_READY_MS);
    };
    const onFocus = (event) => {
      const target = event.target;
      if (target && (target.id === "__search" || target.matches?.("[data-md-component=search-query]"))) {
        release();
      }
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", release);
    document.addEventListener("focusin", onFocus, true);
    document.addEventListener("change", onFocus, true);
    const xhr = XMLHttpRequest.prototype;
    const originalOpen = xhr.open;
    const originalSend = xhr.send;
    const deferred = new WeakSet();
    xhr.open = function (method, url, ...rest) {
      if (INDEX.test(String(url).split(/[?#]/)[0])) deferred.add(this);
      return originalOpen.call(this, method, url, ...rest);
    };
    xhr.send = function (...args) {
      if (open || !deferred.has(this)) return originalSend.apply(this, args);
      held.push(() => originalSend.apply(this, args));
    };
  }
})();
