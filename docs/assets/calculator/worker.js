// Module Web Worker that runs the calculator package in Pyodide.
//
// Start-up: everything is requested at once as the worker starts (loadPyodide itself already
// fetches the WebAssembly module, its glue code and the standard library in parallel):
//   - py/snapshot.bin: a memory snapshot made at build time (scripts/snapshot.mjs) in which
//     the interpreter has started and `calculator.surfaces.api` is imported, so Python need not
//     start from scratch here. The build writes brotli and gzip copies of it
//     (scripts/precompress.py) and a host configured as README.md shows sends the brotli one
//     (31 MB raw, about 3.2 MB brotli against 4.5 MB gzip), decoded by the browser. A host that
//     sends it uncompressed (no Content-Encoding) is cut off after the headers, and the gzip
//     copy, py/snapshot.bin.gz, is fetched instead and inflated here with DecompressionStream,
//   - py/stdlib.zip: the standard-library modules a restored snapshot may still import (those
//     it has imported are left out: it is not enough for an ordinary start; loadPyodide
//     requests it as soon as it starts),
//   - py/calculator.zip: the package sources (built from the same tree as the CLI), unpacked so
//     a module imported later than the snapshot is found (after the first score: SNAPSHOT_WARM).
// The snapshot's static-data region is stored as a difference from the wasm module's own
// initial data and completed here once the module is instantiated (snapshot-base.js).
// If the snapshot cannot be used (not built, no DecompressionStream, a different Pyodide
// build), Python starts the ordinary way, with the full standard library
// (pyodide/python_stdlib.zip), and imports the package itself.
//
// Protocol (structured-clone messages, strings only):
//   worker -> page  {type: "progress", stage: "runtime" | "package" | "import"}
//                   {type: "ready"}
//                   {type: "fatal", message}
//   page -> worker  {id, fn, arg}            fn is one of ALLOWED, arg a string
//   worker -> page  {id, ok: true, result}   result: the JSON string api.<fn>(arg) returned
//                   {id, ok: false, error}
//
// All URLs are relative to this file, so the site works under any base path.

const ASSETS = new URL("../", import.meta.url);
const INDEX_URL = new URL("pyodide/", ASSETS).href;
const ZIP_URL = new URL("py/calculator.zip", ASSETS).href;
const STDLIB_URL = new URL("py/stdlib.zip", ASSETS).href;
const SNAPSHOT_URL = new URL("py/snapshot.bin", ASSETS).href;
const SNAPSHOT_GZ_URL = new URL("py/snapshot.bin.gz", ASSETS).href;
// Must equal EXTRACT_DIR in scripts/snapshot.mjs: the snapshot's sys.path holds it.
const EXTRACT_DIR = "/home/pyodide/calculator-app";
// Calls that the snapshot's warm-up has made (WARM_UP in scripts/snapshot.mjs): whatever they
// import is in the snapshot, so they need none of the package's files on disk. Every other call
// (a QR code imports segno, for one) waits until calculator.zip is unpacked.
const SNAPSHOT_WARM = new Set(["evaluate", "plan", "deadlines", "encode_link", "decode_link"]);
const ALLOWED = new Set(["evaluate", "plan", "deadlines", "encode_link", "decode_link", "qr", "compare"]);

function post(message) {
  self.postMessage(message);
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

async function inflate(response) {
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

// The snapshot once its response has headers: {bytes: a promise of its bytes}, so that Pyodide
// starts while the body still arrives; null when it cannot be used here (a build without
// scripts/snapshot.mjs: start the ordinary way).
async function snapshotBytes() {
  const gzip = typeof DecompressionStream === "function";
  // A host that sent the snapshot raw before: the service worker kept its gzip copy (sw.js).
  const kept = gzip && self.caches ? await caches.match(SNAPSHOT_GZ_URL).catch(() => null) : null;
  if (kept) return { bytes: quietly(inflate(kept)) };
  try {
    const response = await fetchOk(SNAPSHOT_URL);
    if (response.headers.get("Content-Encoding")) {
      return { bytes: quietly(response.arrayBuffer().then((buffer) => new Uint8Array(buffer))) };
    }
    response.body.cancel(); // sent as is: 31 MB; the gzip copy is 5 times smaller
  } catch {
    // no snapshot.bin: try the gzip copy
  }
  if (!gzip) return null;
  try {
    return { bytes: quietly(inflate(await fetchOk(SNAPSHOT_GZ_URL))) };
  } catch {
    return null;
  }
}

// loadPyodide options that start from the snapshot file `found` ({bytes}; snapshot-base.js):
// the Pyodide snapshot inside it, and a module factory whose preRun hook completes it.
function snapshotOptions(found, helpers) {
  const createModule = import(new URL("pyodide.asm.mjs", INDEX_URL).href).then((m) => m.default);
  let complete = () => {};
  const snapshot = Promise.all([found.bytes, helpers]).then(([file, { decodeSnapshot }]) => {
    const decoded = decodeSnapshot(file);
    if (!decoded) return file; // a plain Pyodide snapshot
    complete = decoded.preRun;
    return decoded.snapshot;
  });
  return helpers.then(({ withPreRun }) => ({
    _loadSnapshot: quietly(snapshot),
    createPyodideModule: withPreRun(quietly(createModule), (module) => complete(module)),
  }));
}

async function start() {
  post({ type: "progress", stage: "runtime" });
  const zip = quietly(fetchBytes(ZIP_URL));
  const snapshot = snapshotBytes();
  const helpers = quietly(import("./snapshot-base.js"));
  const { loadPyodide } = await import(new URL("pyodide.mjs", INDEX_URL).href);
  const snapshotFound = await snapshot;
  const options = {
    indexURL: INDEX_URL,
    stdout: () => {},
    stderr: () => {},
  };
  let pyodide = null;
  if (snapshotFound) {
    try {
      // The standard library written by the same build step as the snapshot, for it only.
      const fromFile = await snapshotOptions(snapshotFound, helpers);
      pyodide = await loadPyodide({ ...options, stdLibURL: STDLIB_URL, ...fromFile });
    } catch {
      pyodide = null; // a snapshot from another Pyodide or wasm build: start the ordinary way
    }
  }
  const fromSnapshot = pyodide !== null;
  if (pyodide === null) pyodide = await loadPyodide(options);
  post({ type: "progress", stage: "package", snapshot: fromSnapshot });
  let unpacked = null;
  const unpack = () => {
    unpacked ??= zip.then((bytes) => pyodide.unpackArchive(bytes, "zip", { extractDir: EXTRACT_DIR }));
    return unpacked;
  };
  // A restored snapshot has imported the package already: its files are unpacked later (see
  // SNAPSHOT_WARM), which keeps a quarter of a second off the first score.
  if (!fromSnapshot) await unpack();
  post({ type: "progress", stage: "import" });
  pyodide.globals.set("_calculator_path", EXTRACT_DIR);
  pyodide.runPython(
    "import sys\n" +
      "if _calculator_path not in sys.path:\n" +
      "    sys.path.insert(0, _calculator_path)\n" +
      "del _calculator_path\n",
  );
  return { api: pyodide.pyimport("calculator.surfaces.api"), unpack };
}

const ready = start();

ready.then(
  () => post({ type: "ready" }),
  (error) => post({ type: "fatal", message: String((error && error.message) || error) }),
);

self.addEventListener("message", async (event) => {
  const { id, fn, arg } = event.data || {};
  if (!ALLOWED.has(fn) || typeof arg !== "string") {
    post({ id, ok: false, error: `unknown call ${String(fn)}` });
    return;
  }
  let engine;
  try {
    engine = await ready;
  } catch (error) {
    post({ id, ok: false, error: "not loaded" });
    return;
  }
  try {
    if (!SNAPSHOT_WARM.has(fn)) await engine.unpack();
    const result = engine.api[fn](arg);
    post({ id, ok: true, result: String(result) });
  } catch (error) {
    post({ id, ok: false, error: String((error && error.message) || error) });
  }
  // Once the first score is out, unpack the package's files (for the calls that need them).
  if (fn === "evaluate") setTimeout(() => quietly(engine.unpack()), 0);
});
