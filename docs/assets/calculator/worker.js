// Module Web Worker that runs the calculator package in Pyodide.
//
// Start-up: everything is requested at once as the worker starts, and the WebAssembly module is
// compiled as it arrives (earlyWasm below), while the rest downloads:
//   - py/snapshot.bin: a memory snapshot made at build time (scripts/snapshot.mjs) in which
//     the interpreter has started and `calculator.surfaces.api` is imported, so Python need not
//     start from scratch here. The file holds only the parts of the memory that are not zero
//     (snapshot-base.js: 9.2 MB of the 31.5 MB). The build writes brotli and gzip copies of it
//     (scripts/precompress.py) and a host configured as README.md shows sends the brotli one
//     (about 2.9 MB against 4.1 MB gzip), decoded by the browser. A host that sends it
//     uncompressed (no Content-Encoding) is cut off after the headers, and the gzip copy,
//     py/snapshot.bin.gz, is fetched instead and inflated here with DecompressionStream. The
//     file is read as it arrives: Pyodide takes the snapshot's array once its span table is
//     in and instantiates the module while the rest still downloads,
//   - py/stdlib.zip: the standard-library modules a restored snapshot may still import (those
//     it has imported are left out: it is not enough for an ordinary start),
//   - py/calculator.zip: the package sources (built from the same tree as the CLI), unpacked so
//     a module imported later than the snapshot is found.
//   Neither of the last two is needed for a first score from the snapshot (SNAPSHOT_WARM), so
//   both are requested once the engine is ready (`files`), not at the start: on a phone's
//   connection their 0.6 MB no longer shares the bandwidth with the snapshot and the wasm.
//   Meanwhile Pyodide gets an empty archive as its standard library.
// The snapshot's static-data region is stored as a difference from the wasm module's own
// initial data and completed here once the module is instantiated and the file is in
// (snapshot-base.js).
// If the snapshot cannot be used (not built, no DecompressionStream, a different Pyodide
// build), Python starts the ordinary way, with the full standard library
// (pyodide/python_stdlib.zip), and imports the package itself.
//
// It runs as a SharedWorker where the browser has them (prestart.js), one for every calculator
// page of a build, and otherwise as a dedicated Worker; the protocol is the same, on the page's
// MessagePort or on the worker itself. A page that connects later first gets the last start-up
// message (so "ready" at once if Python is up).
//
// Protocol (structured-clone messages, strings only):
//   worker -> page  {type: "progress", stage: "runtime" | "package" | "import"}
//                   {type: "ready"}
//                   {type: "fatal", message}
//   page -> worker  {id, fn, arg}            fn is one of ALLOWED, arg a string; a call may
//                                            come before "ready" (prestart.js sends a share
//                                            link's open_link at once): it is answered after
//   worker -> page  {id, ok: true, result}   result: the JSON string api.<fn>(arg) returned
//                   {id, ok: false, error}
//
// All URLs are relative to this file, so the site works under any base path.

const ASSETS = new URL("../", import.meta.url);
const INDEX_URL = new URL("pyodide/", ASSETS).href;
const WASM_URL = new URL("pyodide.asm.wasm", INDEX_URL).href;
const GLUE_URL = new URL("pyodide.asm.mjs", INDEX_URL).href;
const ZIP_URL = new URL("py/calculator.zip", ASSETS).href;
const STDLIB_URL = new URL("py/stdlib.zip", ASSETS).href;
const SNAPSHOT_URL = new URL("py/snapshot.bin", ASSETS).href;
const SNAPSHOT_GZ_URL = new URL("py/snapshot.bin.gz", ASSETS).href;
// Pyodide's lock file without its packages (scripts/snapshot.mjs writes it with the snapshot):
// loadPyodide fetches and parses a lock file before it is ready, and the full one
// (pyodide/pyodide-lock.json, 22 KB brotli) lists 357 packages the calculator never loads.
const LOCK_URL = new URL("py/pyodide-lock.json", ASSETS).href;
// Must equal EXTRACT_DIR in scripts/snapshot.mjs: the snapshot's sys.path holds it.
const EXTRACT_DIR = "/home/pyodide/calculator-app";
// Calls that the snapshot's warm-up has made (WARM_UP in scripts/snapshot.mjs): whatever they
// import is in the snapshot, so they need none of the files on disk (scripts/snapshot.mjs checks
// this with an empty standard library). Every other call (a QR code imports segno, for one)
// waits until stdlib.zip and calculator.zip are in; a warm call that fails before then (an input
// that reaches a module the warm-up did not) waits for them too and runs again.
const SNAPSHOT_WARM = new Set(["evaluate", "open_link", "plan", "deadlines", "encode_link", "decode_link"]);
const ALLOWED = new Set([...SNAPSHOT_WARM, "qr", "compare"]);
// The calls that bring a page its first score: once one is answered, the files go in place.
const SCORING = new Set(["evaluate", "open_link"]);

// The pages this engine answers. Started as a dedicated Worker it has one (the worker's own
// scope); as a SharedWorker (prestart.js, where the browser has them) one MessagePort for each
// page that connected, so every open calculator page shares one engine, and a page opened
// while it is still alive (extendedLifetime) finds it ready.
const pages = new Set();
// The last start-up message (progress, ready or fatal), repeated to a page that connects later.
let startState = null;

function broadcast(message) {
  startState = message;
  for (const page of pages) page.postMessage(message);
  if (message.type !== "progress") pages.clear(); // no start-up message follows these
}

function quietly(promise) {
  promise.catch(() => {}); // awaited later; avoids an "unhandled rejection" report meanwhile
  return promise;
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

async function fetchBytes(url) {
  return new Uint8Array(await (await fetchOk(url)).arrayBuffer());
}

function inflate(response) {
  return response.body.pipeThrough(new DecompressionStream("gzip"));
}

// The snapshot file as a stream of its bytes once its response has headers; null when it cannot
// be used here (a build without scripts/snapshot.mjs: start the ordinary way).
async function snapshotStream() {
  const gzip = typeof DecompressionStream === "function";
  // A host that sent the snapshot raw before: the service worker kept its gzip copy (sw.js).
  const kept = gzip && self.caches ? await caches.match(SNAPSHOT_GZ_URL).catch(() => null) : null;
  if (kept) return inflate(kept);
  try {
    const response = await fetchOk(SNAPSHOT_URL);
    if (response.headers.get("Content-Encoding")) return response.body;
    response.body.cancel(); // sent as is: 10 MB; the gzip copy is half of that
  } catch {
    // no snapshot.bin: try the gzip copy
  }
  if (!gzip) return null;
  try {
    return inflate(await fetchOk(SNAPSHOT_GZ_URL));
  } catch {
    return null;
  }
}

// The WebAssembly module, compiled as it downloads from the moment the worker starts.
// loadPyodide would fetch it itself but compile it only after the snapshot is in and the glue
// code has run: withEarlyWasm lends it this compiled module instead, for the duration of one
// loadPyodide call. A host that sends the file without the application/wasm type cannot stream
// it: it is then compiled from its bytes.
function earlyWasm() {
  return quietly(
    WebAssembly.compileStreaming(fetch(WASM_URL)).catch(async () =>
      WebAssembly.compile(await (await fetchOk(WASM_URL)).arrayBuffer()),
    ),
  );
}

// Runs `load` (a loadPyodide call) with Pyodide's two steps for the wasm answered from `module`:
// its request for pyodide.asm.wasm (answered with an empty response, never read) and its
// WebAssembly.instantiateStreaming (an instance of the compiled module). `answers` maps other
// URLs to the bytes their request gets instead (snapshot-base.js EMPTY_ZIP for stdlib.zip while a
// snapshot starts). All is put back as soon as `load` settles; other requests pass through.
async function withEarlyWasm(module, load, answers = new Map()) {
  const fetchBefore = self.fetch;
  const instantiateBefore = WebAssembly.instantiateStreaming;
  self.fetch = (input, ...rest) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === WASM_URL) {
      return Promise.resolve(new Response(null, { headers: { "Content-Type": "application/wasm" } }));
    }
    return answers.has(url) ? Promise.resolve(new Response(answers.get(url))) : fetchBefore(input, ...rest);
  };
  WebAssembly.instantiateStreaming = async (_source, imports) => {
    const compiled = await module;
    return { module: compiled, instance: await WebAssembly.instantiate(compiled, imports) };
  };
  try {
    return await load();
  } finally {
    self.fetch = fetchBefore;
    WebAssembly.instantiateStreaming = instantiateBefore;
  }
}

// loadPyodide options that start from the snapshot file as it downloads (`stream`, read into a
// SnapshotReader of snapshot-base.js): the snapshot's array, handed to Pyodide as soon as the
// file's span table is in, and a module factory (from `createModule`, the glue code's default
// export) that completes it once the whole file is in. So Pyodide instantiates its module while
// the file still arrives. A broken or truncated file rejects, and loadPyodide with it.
async function snapshotOptions(stream, helpers, createModule) {
  const { SnapshotReader, snapshotModule } = await helpers;
  const reader = new SnapshotReader();
  let tableIn;
  const table = quietly(new Promise((resolve, reject) => (tableIn = { resolve, reject })));
  const filled = quietly(
    (async () => {
      const chunks = stream.getReader();
      for (;;) {
        const { done, value } = await chunks.read();
        if (done) break;
        reader.push(value);
        if (reader.snapshot) tableIn.resolve(reader.snapshot);
      }
      reader.finish();
    })(),
  );
  filled.catch((error) => tableIn.reject(error));
  return { _loadSnapshot: table, createPyodideModule: snapshotModule(createModule, reader, filled) };
}

// The files the calls outside SNAPSHOT_WARM need: `stdlib` ({bytes, write}: a request for the
// standard library and how to put it over the empty archive a snapshot started with; null after
// an ordinary start, which has the full library) and `zip` (a request for calculator.zip,
// unpacked where the snapshot's sys.path looks). `fetch` requests both; `install` (which
// requests them too) puts them in place, once, and resolves when both are in; `installed` says
// whether they are.
function filesLoader(pyodide, stdlib, zip) {
  let stdlibRequest = null;
  let installing = null;
  let installed = false;
  const fetchBoth = () => {
    stdlibRequest ??= stdlib ? quietly(stdlib.bytes()) : Promise.resolve(null);
    return Promise.all([stdlibRequest, zip()]);
  };
  const install = () => {
    installing ??= (async () => {
      const [stdlibBytes, zipBytes] = await fetchBoth();
      if (stdlibBytes) stdlib.write(pyodide, stdlibBytes);
      await pyodide.unpackArchive(zipBytes, "zip", { extractDir: EXTRACT_DIR });
      installed = true;
    })();
    return installing;
  };
  return { fetch: () => quietly(fetchBoth()), install, installed: () => installed };
}

async function start() {
  broadcast({ type: "progress", stage: "runtime" });
  const wasm = earlyWasm();
  let zipRequest = null;
  const zip = () => (zipRequest ??= quietly(fetchBytes(ZIP_URL)));
  const snapshot = snapshotStream();
  const helpers = quietly(import("./snapshot-base.js"));
  const createModule = quietly(import(GLUE_URL).then((m) => m.default));
  const { loadPyodide } = await import(new URL("pyodide.mjs", INDEX_URL).href);
  const snapshotFile = await snapshot;
  const options = {
    indexURL: INDEX_URL,
    // The interpreter options the snapshot was made with (-OO), for an ordinary start too.
    env: { ...(await helpers.catch(() => ({}))).PYTHON_ENV },
    stdout: () => {},
    stderr: () => {},
  };
  let pyodide = null;
  let stdlib = null; // how the standard library comes after a snapshot's start (filesLoader)
  if (snapshotFile) {
    try {
      // Started with an empty standard library: the one written by the same build step as the
      // snapshot, for it only, comes later (filesLoader).
      const fromFile = await snapshotOptions(snapshotFile, helpers, createModule);
      const { EMPTY_ZIP, writeStdlib } = await helpers;
      pyodide = await withEarlyWasm(
        wasm,
        () => loadPyodide({ ...options, stdLibURL: STDLIB_URL, lockFileURL: LOCK_URL, ...fromFile }),
        new Map([[STDLIB_URL, EMPTY_ZIP]]),
      );
      stdlib = { bytes: () => fetchBytes(STDLIB_URL), write: writeStdlib };
    } catch {
      pyodide = null; // a snapshot from another Pyodide or wasm build: start the ordinary way
    }
  }
  const fromSnapshot = pyodide !== null;
  if (pyodide === null) {
    zip(); // needed before the first score here: requested while Python starts
    pyodide = await withEarlyWasm(wasm, () => loadPyodide(options));
  }
  broadcast({ type: "progress", stage: "package", snapshot: fromSnapshot });
  const files = filesLoader(pyodide, stdlib, zip);
  // A restored snapshot has imported the package already: its files are requested once a call
  // sent early (a share link's) has been answered, and put in place after the first score (see
  // SNAPSHOT_WARM), which keeps a quarter of a second off the first score.
  if (fromSnapshot) setTimeout(files.fetch, 0);
  else await files.install();
  broadcast({ type: "progress", stage: "import" });
  pyodide.globals.set("_calculator_path", EXTRACT_DIR);
  pyodide.runPython(
    "import sys\n" +
      "if _calculator_path not in sys.path:\n" +
      "    sys.path.insert(0, _calculator_path)\n" +
      "del _calculator_path\n",
  );
  return { api: pyodide.pyimport("calculator.surfaces.api"), files };
}

// Answers one call from `page` (a MessagePort, or the worker's scope).
async function answer(page, data) {
  const { id, fn, arg } = data || {};
  if (!ALLOWED.has(fn) || typeof arg !== "string") {
    page.postMessage({ id, ok: false, error: `unknown call ${String(fn)}` });
    return;
  }
  let engine;
  try {
    engine = await ready;
  } catch (error) {
    page.postMessage({ id, ok: false, error: "not loaded" });
    return;
  }
  const { api, files } = engine;
  const call = async () => {
    if (!SNAPSHOT_WARM.has(fn)) await files.install();
    return String(api[fn](arg));
  };
  try {
    let result;
    try {
      result = await call();
    } catch (error) {
      if (files.installed()) throw error;
      await files.install(); // a warm call that reached a file not yet in: once more with them
      result = await call();
    }
    page.postMessage({ id, ok: true, result });
  } catch (error) {
    page.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
  // Once the first score is out, the files go in place (for the calls that need them).
  if (SCORING.has(fn)) setTimeout(() => quietly(files.install()), 0);
}

function serve(page) {
  if (startState) page.postMessage(startState);
  if (!startState || startState.type === "progress") pages.add(page);
  page.addEventListener("message", (event) => answer(page, event.data));
  page.start?.(); // a MessagePort delivers nothing until started
}

if (typeof SharedWorkerGlobalScope === "function" && self instanceof SharedWorkerGlobalScope) {
  self.addEventListener("connect", (event) => serve(event.ports[0]));
} else {
  serve(self);
}

const ready = start();

ready.then(
  () => broadcast({ type: "ready" }),
  (error) => broadcast({ type: "fatal", message: String((error && error.message) || error) }),
);
