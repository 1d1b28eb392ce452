// Module Web Worker that runs the calculator package in Pyodide.
//
// Loads the self-hosted Pyodide runtime (site/assets/pyodide/) and, in parallel, the calculator
// zip (site/assets/py/calculator.zip, built from the same source tree as the CLI), unpacks the
// zip into the in-memory file system and imports calculator.api.
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
const EXTRACT_DIR = "/home/pyodide/calculator-app";
const ALLOWED = new Set(["evaluate", "plan", "deadlines", "encode_link", "decode_link"]);

function post(message) {
  self.postMessage(message);
}

async function fetchZip() {
  const response = await fetch(ZIP_URL);
  if (!response.ok) {
    throw new Error(`calculator.zip: HTTP ${response.status}`);
  }
  return response.arrayBuffer();
}

async function start() {
  post({ type: "progress", stage: "runtime" });
  // The package download runs while Pyodide boots.
  const zip = fetchZip();
  zip.catch(() => {}); // handled below; avoids an "unhandled rejection" report meanwhile
  const { loadPyodide } = await import(new URL("pyodide.mjs", INDEX_URL).href);
  const pyodide = await loadPyodide({
    indexURL: INDEX_URL,
    stdout: () => {},
    stderr: () => {},
  });
  post({ type: "progress", stage: "package" });
  const buffer = await zip;
  pyodide.unpackArchive(buffer, "zip", { extractDir: EXTRACT_DIR });
  post({ type: "progress", stage: "import" });
  pyodide.globals.set("_calculator_path", EXTRACT_DIR);
  pyodide.runPython(
    "import sys\n" +
      "if _calculator_path not in sys.path:\n" +
      "    sys.path.insert(0, _calculator_path)\n" +
      "del _calculator_path\n",
  );
  return pyodide.pyimport("calculator.api");
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
  let api;
  try {
    api = await ready;
  } catch (error) {
    post({ id, ok: false, error: "not loaded" });
    return;
  }
  try {
    const result = api[fn](arg);
    post({ id, ok: true, result: String(result) });
  } catch (error) {
    post({ id, ok: false, error: String((error && error.message) || error) });
  }
});
