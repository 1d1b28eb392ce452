// Registers the site's service worker (sw.js at the site root, written by scripts/build_sw.py),
// so the guides keep working without a network after the first visit, and the calculator after
// its first use. The root is taken from this script's own URL (assets/sw-register.js), so the
// site works under any base path. Registration waits until the page has loaded and the browser
// is idle, so precaching the text site does not compete with the page's own first render.
// With the browser's data saver on (Save-Data), nothing is registered: no byte is fetched in the
// background, and the site works online as usual.
// On the calculator page, once the Python engine has started (#calc[data-engine="ready"]), the
// worker is asked to keep the engine's files; it takes them from the HTTP cache this page filled.
(() => {
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.src) return;
  if (navigator.connection && navigator.connection.saveData) return;
  const root = new URL("../", script.src);
  const cacheEngineWhenReady = () => {
    const calc = document.getElementById("calc");
    if (!calc) return;
    const ask = () => {
      navigator.serviceWorker.ready.then((registration) => {
        if (registration.active) registration.active.postMessage({ type: "cache-engine" });
      });
    };
    if (calc.dataset.engine === "ready") return ask();
    const observer = new MutationObserver(() => {
      if (calc.dataset.engine !== "ready") return;
      observer.disconnect();
      ask();
    });
    observer.observe(calc, { attributes: true, attributeFilter: ["data-engine"] });
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
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
})();
