// Registers the site's service worker (sw.js at the site root, written by scripts/build_sw.py),
// so the guides keep working without a network after the first visit, and the calculator after
// its first use. The root is taken from this script's own URL (assets/sw-register.js), so the
// site works under any base path. Registration waits until the page has loaded and the browser
// is idle, so precaching the text site does not compete with the page's own first render.
// With the browser's data saver on (Save-Data), nothing is registered: no byte is fetched in the
// background, and the site works online as usual.
// On the calculator page, registration also waits until the Python engine has started or failed
// (#calc[data-engine], status.js; at most ENGINE_WAIT_MS), and then until the page shows its
// first total (at most SCORE_WAIT_MS more: an empty form shows none): the precache (the text
// site, fetched and stored by the worker) would otherwise compete with the engine's own start,
// and then with its first answer, which a share link or saved answers ask for as soon as the
// engine is ready. Once the engine is ready, the worker is asked to keep the engine's files; it
// takes them from the HTTP cache this page filled.
(() => {
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.src) return;
  if (navigator.connection && navigator.connection.saveData) return;
  const root = new URL("../", script.src);
  const ENGINE_WAIT_MS = 15000;
  const SCORE_WAIT_MS = 2000;
  // Calls `then` once `holds()` is true, checked whenever `node` changes as `changes` says (or
  // after `limitMs`, if given); at once if there is no such node.
  const when = (node, changes, holds, then, limitMs) => {
    if (!node || holds()) return then();
    let timer = null;
    const done = () => {
      observer.disconnect();
      window.clearTimeout(timer);
      then();
    };
    const observer = new MutationObserver(() => {
      if (holds()) done();
    });
    observer.observe(node, changes);
    if (limitMs) timer = window.setTimeout(done, limitMs);
  };
  // Calls `then` once the calculator's engine state is one of `states` (or after `limitMs`, if
  // given); at once on a page without the calculator.
  const onEngine = (states, then, limitMs) => {
    const calc = document.getElementById("calc");
    const changes = { attributes: true, attributeFilter: ["data-engine"] };
    when(calc, changes, () => states.includes(calc.dataset.engine), then, limitMs);
  };
  // Calls `then` once the calculator shows a total (or after `limitMs`).
  const onScore = (then, limitMs) => {
    const results = document.getElementById("calc-results");
    const total = () => /\d/.test(results.querySelector(".calc-total")?.textContent || "");
    const changes = { childList: true, characterData: true, subtree: true };
    when(results, changes, total, then, limitMs);
  };
  const cacheEngineWhenReady = () => {
    if (!document.getElementById("calc")) return;
    onEngine(["ready"], () => {
      navigator.serviceWorker.ready.then((registration) => {
        if (registration.active) registration.active.postMessage({ type: "cache-engine" });
      });
    });
  };
  const register = () => {
    navigator.serviceWorker
      .register(new URL("sw.js", root).href, { scope: root.pathname })
      .then(cacheEngineWhenReady)
      .catch(() => {
        // No service worker (private mode, file://, blocked): the site still works online.
      });
  };
  const whenIdle = () => {
    if (typeof window.requestIdleCallback === "function") {
      window.requestIdleCallback(register, { timeout: 5000 });
    } else {
      window.setTimeout(register, 1000);
    }
  };
  const afterEngine = () => onScore(whenIdle, SCORE_WAIT_MS);
  const afterLoad = () => onEngine(["ready", "failed"], afterEngine, ENGINE_WAIT_MS);
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
})();
