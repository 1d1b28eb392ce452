// Starts the calculator's Python engine (worker.js) as early as possible: this classic script
// is in the <head> of the calculator page only (overrides/main.html links it, and the build
// writes it into the page inline, its URL kept in data-src: scripts/inline_prestart.py), so the
// worker downloads and compiles the Python runtime on the second core while the page is still
// being parsed and laid out. engine.js adopts the worker and the messages it sent meanwhile.
//
// Where the browser has SharedWorker, the engine is one: every calculator page of this build
// shares it, and with `extendedLifetime` the browser keeps it alive for a while after the last
// such page has gone (Chromium: more than a minute), so going back to the calculator from a guide
// page, or opening a second link, finds Python ready. The name carries the build's engine version
// (stamped into this script's data-engine by scripts/build_sw.py), so that a page of a new
// deploy never talks to an engine of the old one. Elsewhere (Android's WebView, for one) it is a
// dedicated Worker, as it always was.
(() => {
  const script = document.currentScript;
  const theme = holdThemeScripts(); // run at DOMContentLoaded whatever becomes of the engine
  if (typeof Worker !== "function" || typeof WebAssembly !== "object" || !script) return;
  let early;
  try {
    // Linked, the script has a src; written inline, its data-src holds the file's URL.
    const from = script.src || new URL(script.dataset.src || "", document.baseURI).href;
    early = startEngine(new URL("worker.js", from), script.dataset.engine || "");
  } catch {
    return; // engine.js reports the failure
  }
  const { worker, port } = early;
  early.messages = [];
  early.failed = false;
  const keep = (event) => early.messages.push(event.data);
  const fail = (event) => {
    event.preventDefault();
    early.failed = true;
  };
  port.addEventListener("message", keep);
  port.start?.(); // a SharedWorker's port delivers nothing until started
  worker.addEventListener("error", fail);
  // A share link ("#p=", as share.js reads it) is read and scored by the engine as soon as it is
  // up, before the page's own scripts have loaded: engine.js hands the answer to the page when it
  // asks for the same call (Engine.call), so the first score waits for no second trip.
  early.calls = location.hash.startsWith("#p=")
    ? [{ id: "early-link", fn: "open_link", arg: location.hash.slice(1) }]
    : [];
  const adopted = []; // called when engine.js takes the worker over
  early.release = () => {
    port.removeEventListener("message", keep);
    worker.removeEventListener("error", fail);
    adopted.splice(0).forEach((then) => then());
    return early.messages.splice(0);
  };
  window.__calcEarlyWorker = early;
  deferSearchIndex(port, early.calls, (then) => adopted.push(then));
  for (const call of early.calls) port.postMessage(call);
  holdThemeWhileEngineStarts(port, worker, early.calls, theme);
  keepFramesUntilScore(port, early.calls, theme);

  // {worker, port}: the engine's worker and what carries its messages (a SharedWorker's port, or
  // the dedicated Worker itself).
  function startEngine(url, build) {
    if (typeof SharedWorker === "function") {
      // A browser that does not read `type` makes a classic worker, which cannot load worker.js.
      let readsType = false;
      const options = {
        name: `calculator-engine ${build}`,
        extendedLifetime: true,
        get type() {
          readsType = true;
          return "module";
        },
      };
      try {
        const shared = new SharedWorker(url, options);
        if (readsType) return { worker: shared, port: shared.port };
        shared.port.close();
      } catch {
        // module shared workers unsupported here: a dedicated one
      }
    }
    const worker = new Worker(url, { type: "module" });
    return { worker, port: worker };
  }

  // Whether the page shows a total yet.
  function scored() {
    return /\d/.test(document.querySelector(".calc-total")?.textContent || "");
  }

  // Whether an answer to a share link's open_link carries a score (a link that reads and
  // validates), so that the page will draw one.
  function hasScore(message) {
    try {
      const answer = message.ok ? JSON.parse(message.result) : null;
      return Boolean(answer && answer.ok && answer.evaluation && answer.evaluation.ok);
    } catch {
      return false;
    }
  }

  // On a first visit the engine is still starting when the page has been read: the theme's
  // scripts then wait (`holdUntil`) until the engine is ready, or, from a share link, until the
  // frame after the link's score (until its answer, if that has no score to draw), so that
  // their start-up (about 0.12 s of the page's thread on the bench's machine) does not compete
  // with the engine's. They wait at most LIMIT_MS after DOMContentLoaded, and not at all once
  // the reader presses, types or moves the focus: search and the colour switch need the theme.
  // Measured (README, "Phone first, ninth pass"): a cold first score from a link about 0.1 s
  // sooner. Where the engine is already running, its ready message comes at once.
  function holdThemeWhileEngineStarts(port, worker, earlyCalls, theme) {
    const LIMIT_MS = 1000;
    const INPUT = ["pointerdown", "keydown", "focusin"];
    let done = null;
    theme.holdUntil(new Promise((resolve) => (done = resolve)));
    const finish = () => {
      if (!done) return;
      port.removeEventListener("message", onMessage);
      worker.removeEventListener("error", finish);
      for (const type of INPUT) document.removeEventListener(type, finish, true);
      done();
      done = null;
    };
    const tick = () => {
      if (!done) return;
      if (scored()) setTimeout(finish, 0); // a task after the frame that shows the score
      else requestAnimationFrame(tick);
    };
    const ids = new Set(earlyCalls.map((call) => call.id));
    const onMessage = (event) => {
      const message = event.data || {};
      if (message.type === "fatal") finish();
      else if (message.type === "ready") {
        // Ready while the page is still being read: the engine was running already, and a
        // link's answer, if it comes in time, holds the theme itself (keepFramesUntilScore).
        if (!ids.size || document.readyState === "loading") finish();
      } else if (ids.has(message.id)) {
        if (hasScore(message)) requestAnimationFrame(tick);
        else finish(); // a broken link: nothing to draw first
      }
    };
    port.addEventListener("message", onMessage);
    worker.addEventListener("error", finish);
    for (const type of INPUT) document.addEventListener(type, finish, true);
    document.addEventListener("DOMContentLoaded", () => setTimeout(finish, LIMIT_MS), {
      once: true,
    });
  }

  // A share link's answer that comes while the page is still loading (the engine was already
  // running: a second link, or back to the calculator) is drawn sooner if a frame stays requested
  // until the score is on screen: Chromium then keeps drawing frames through the load instead of
  // queueing the score's frame behind loading work. Measured (README, "Phone first, seventh
  // pass"): such a first score about 15 % sooner; an answer that comes after the page has loaded
  // (a first visit) needs none, and neither does an answer with no score in it (a broken link,
  // answers that do not validate). At most LIMIT_MS, and only until the total shows a number.
  // The theme's scripts (`theme`, holdThemeScripts) wait for the same: until the frame after
  // the score, or the limit.
  function keepFramesUntilScore(port, earlyCalls, theme) {
    const LIMIT_MS = 3000;
    const ids = new Set(earlyCalls.map((call) => call.id));
    if (!ids.size) return;
    const onAnswer = (event) => {
      const message = event.data || {};
      if (!ids.has(message.id)) return;
      port.removeEventListener("message", onAnswer);
      if (document.readyState === "complete" || !hasScore(message)) return;
      const until = performance.now() + LIMIT_MS;
      let drawn;
      theme.holdUntil(new Promise((resolve) => (drawn = resolve)));
      const tick = () => {
        if (!scored() && performance.now() < until) requestAnimationFrame(tick);
        else setTimeout(drawn, 0); // a task after this frame, which shows the score
      };
      requestAnimationFrame(tick);
    };
    port.addEventListener("message", onAnswer);
  }

  // The theme's scripts (Material's bundle: search, the header, the navigation drawer, the
  // colour switch) come on this page as inert blocks marked data-theme-script, their URLs in
  // data-src (overrides/main.html): fetched and run from here, in their order, as
  // soon as DOMContentLoaded has fired, or, when the engine is still starting then
  // (holdThemeWhileEngineStarts) or a share link's score is still to be drawn
  // (keepFramesUntilScore), once that is over (`holdUntil`; the later call decides): the
  // theme's start-up then no longer comes between the engine's answer and the score, which made
  // a warm link's first score about a quarter of a second sooner on the bench's machine
  // (README, "Phone first, eighth pass"). They were preloaded while the page loaded until the
  // download and compilation proved to compete with the engine's start (about 0.07 s on a cold
  // first score, "tenth pass"); on a first visit the theme now starts a request later.
  // The theme starts on DOMContentLoaded, which has passed by the time it runs: it is sent one
  // more, after the last script has run (the event is the theme's own starting signal, the
  // same for Material and for a successor that reads the same pages).
  function holdThemeScripts() {
    let hold = null; // a promise that settles once the theme may start
    let started = false;
    const run = () => {
      if (started) return;
      started = true;
      let last = null;
      for (const held of document.querySelectorAll("script[data-theme-script]")) {
        const tag = document.createElement("script");
        tag.src = new URL(held.dataset.src, document.baseURI).href;
        tag.async = false; // in document order, as the parser would have run them
        document.body.append(tag);
        last = tag;
      }
      last?.addEventListener("load", () => document.dispatchEvent(new Event("DOMContentLoaded")));
    };
    document.addEventListener("DOMContentLoaded", () => (hold ? hold.then(run) : run()), {
      once: true,
    });
    return {
      holdUntil(promise) {
        if (!started) hold = promise;
      },
    };
  }

  // Material's search fetches its index (search/search_index.json, with XMLHttpRequest) as its
  // bundle starts and builds it in a worker of its own: about a second of CPU on a phone, which on
  // this page would compete with the Python engine for the first score. Here that request is held
  // back until the page has the engine's first score (an answer to `evaluate`, or to a share
  // link's `open_link`, once the page's own script has taken it: `onAdopted`; the score is drawn
  // in that task), the engine has failed, the reader reaches for search (focus in the search box,
  // or its toggle), or a while has passed since the engine was ready with no score on its way (a
  // second for an empty form, which asks for none), whichever comes first; search then works as
  // on every other page.
  function deferSearchIndex(port, earlyCalls, onAdopted) {
    const INDEX = /\/search\/search_index\.json$/;
    const IDLE_AFTER_READY_MS = 1000;
    const LINK_AFTER_READY_MS = 5000; // a share link's score that the page has not taken by then
    const held = [];
    const scores = new Set();
    const earlyIds = new Set(earlyCalls.map((call) => call.id));
    let taken = false; // engine.js has taken the worker over
    let answeredEarly = false; // a score came before that
    onAdopted(() => {
      taken = true;
      // The page draws that score in a task after this one (Engine.call): release after it.
      if (answeredEarly) setTimeout(release, 0);
    });
    const post = port.postMessage.bind(port);
    port.postMessage = (data, ...rest) => {
      if (data && (data.fn === "evaluate" || data.fn === "open_link")) scores.add(data.id);
      return post(data, ...rest);
    };
    let open = false;
    const release = () => {
      if (open) return;
      open = true;
      port.postMessage = post;
      window.Worker = RealWorker;
      port.removeEventListener("message", onMessage);
      worker.removeEventListener("error", release);
      document.removeEventListener("focusin", onFocus, true);
      document.removeEventListener("change", onFocus, true);
      // A task after this one, so that the page draws the score first.
      setTimeout(() => {
        late.splice(0).forEach((make) => make());
        held.splice(0).forEach((send) => send());
      }, 0);
    };
    const onMessage = (event) => {
      const data = event.data || {};
      if (data.type === "fatal") release();
      else if (data.type === "ready") {
        setTimeout(release, earlyIds.size ? LINK_AFTER_READY_MS : IDLE_AFTER_READY_MS);
      } else if (scores.has(data.id)) {
        // An answer the page has already asked for is drawn in this task; one sent before the
        // page's script ran is drawn once the page takes it.
        if (!earlyIds.has(data.id) || taken) release();
        else answeredEarly = true;
      }
    };
    const onFocus = (event) => {
      const target = event.target;
      if (target && (target.id === "__search" || target.matches?.("[data-md-component=search-query]"))) {
        release();
      }
    };
    port.addEventListener("message", onMessage);
    worker.addEventListener("error", release);
    document.addEventListener("focusin", onFocus, true);
    document.addEventListener("change", onFocus, true);
    // The search's own worker is made at the same moment: until then it would only wait for the
    // index, and starting it (a JavaScript context and the search script) takes about 0.07 s of
    // CPU. Material gets a stand-in that keeps its messages until the real worker is made.
    const SEARCH_WORKER = /\/workers\/search\.[^/]*\.js$/;
    const RealWorker = window.Worker;
    const late = [];
    window.Worker = function Worker(url, options) {
      const path = new URL(String(url), document.baseURI).pathname;
      if (open || !new.target || !SEARCH_WORKER.test(path)) return new RealWorker(url, options);
      return workerLater(() => new RealWorker(url, options), late);
    };
    window.Worker.prototype = RealWorker.prototype;
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

  // A stand-in for a Worker that `make` creates later, once `pending` (a list of such calls) is
  // run: messages posted meanwhile are kept and sent then, and the real worker's messages and
  // errors are passed on to the stand-in's listeners.
  function workerLater(make, pending) {
    const standIn = new EventTarget();
    const queued = [];
    let real = null;
    let ended = false;
    standIn.postMessage = (...args) => (real ? real.postMessage(...args) : queued.push(args));
    standIn.terminate = () => {
      ended = true;
      queued.length = 0;
      real?.terminate();
    };
    pending.push(() => {
      if (ended) return;
      real = make();
      real.addEventListener("message", (event) =>
        standIn.dispatchEvent(new MessageEvent("message", { data: event.data })),
      );
      real.addEventListener("messageerror", () =>
        standIn.dispatchEvent(new MessageEvent("messageerror")),
      );
      real.addEventListener("error", (event) =>
        standIn.dispatchEvent(new ErrorEvent("error", { message: event.message })),
      );
      queued.splice(0).forEach((args) => real.postMessage(...args));
    });
    return standIn;
  }
})();
