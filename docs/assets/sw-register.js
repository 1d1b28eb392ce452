// Registers the site's service worker (sw.js at the site root, written by scripts/build_sw.py),
// so the guides and the calculator keep working without a network after the first visit.
// The root is taken from this script's own URL (assets/sw-register.js), so the site works
// under any base path. Registration waits until the page has loaded and the browser is idle,
// so precaching does not compete with the page's own first render.
(() => {
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.src) return;
  const root = new URL("../", script.src);
  const register = () => {
    navigator.serviceWorker
      .register(new URL("sw.js", root).href, { scope: root.pathname })
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
