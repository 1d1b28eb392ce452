#!/usr/bin/env node
// Run a batch of calls to one Python function inside Pyodide (under Node), the same way the
// browser worker does: load the Pyodide runtime, unpack the calculator zip, call the function.
//
// Usage:
//   node scripts/pyodide_run.mjs --zip site/assets/py/calculator.zip \
//        [--index site/assets/pyodide/] [--call calculator.surfaces.api.evaluate] [--raw] [--mixed] \
//        [--input items.json]            (default: read the JSON array from stdin)
//
// Input: a JSON array. By default each item is passed to the --call function as
// json.dumps(item) (Python's defaults); with --raw items are passed as-is (strings).
// With --mixed each item is {"call": "module.function", "args": [...]} and the function is
// called with those arguments as-is, so one Pyodide start serves several functions.
// Output (stdout): a JSON array with one entry per item: the function's return value, or
// {"__exception__": "<traceback>"} if the call raised.
// Diagnostics go to stderr. Exit code 0 on success, 2 on usage errors, 1 on any other failure.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { PYTHON_ENV } from "../docs/assets/calculator/snapshot-base.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_INDEX = path.join(HERE, "..", "node_modules", "pyodide");
const EXTRACT_DIR = "/home/pyodide/calculator-app";

function usage(message) {
  process.stderr.write(`pyodide_run: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    index: DEFAULT_INDEX,
    call: "calculator.surfaces.api.evaluate",
    raw: false,
    mixed: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--zip") opts.zip = value();
    else if (arg === "--index") opts.index = value();
    else if (arg === "--call") opts.call = value();
    else if (arg === "--input") opts.input = value();
    else if (arg === "--raw") opts.raw = true;
    else if (arg === "--mixed") opts.mixed = true;
    else usage(`unknown argument ${arg}`);
  }
  if (!opts.zip) usage("--zip is required");
  if (!/^[A-Za-z_][\w.]*\.[A-Za-z_]\w*$/.test(opts.call)) usage(`bad --call ${opts.call}`);
  return opts;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const BATCH = `
import importlib, json, traceback

def _resolve(call):
    module_name, _, func_name = call.rpartition(".")
    return getattr(importlib.import_module(module_name), func_name)

def _run_batch(call, raw, mixed, items_json):
    out = []
    for item in json.loads(items_json):
        try:
            if mixed:
                result = _resolve(item["call"])(*item.get("args", []))
            else:
                result = _resolve(call)(item if raw else json.dumps(item))
            out.append(result)
        except BaseException:
            out.append({"__exception__": traceback.format_exc()})
    return json.dumps(out)
`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const itemsText = opts.input ? await readFile(opts.input, "utf8") : await readStdin();
  // The text goes to Python untouched (no JS round trip that could change numbers).
  if (!Array.isArray(JSON.parse(itemsText))) usage("input must be a JSON array");

  const indexDir = path.resolve(opts.index);
  const { loadPyodide } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: indexDir + path.sep,
    env: { ...PYTHON_ENV }, // the engine's interpreter options (-OO), as the browser runs it
    stdout: (line) => process.stderr.write(`[py] ${line}\n`),
    stderr: (line) => process.stderr.write(`[py] ${line}\n`),
  });

  const buf = await readFile(opts.zip);
  // Pyodide wants a plain Uint8Array/ArrayBuffer (a Node Buffer is rejected).
  const zipBytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  // As the browser worker does (docs/assets/calculator/worker.js): unpack into a folder of its
  // own and put that folder first on sys.path.
  pyodide.unpackArchive(zipBytes, "zip", { extractDir: EXTRACT_DIR });
  pyodide.globals.set("_calculator_path", EXTRACT_DIR);
  pyodide.runPython(
    "import sys\n" +
      "if _calculator_path not in sys.path:\n" +
      "    sys.path.insert(0, _calculator_path)\n" +
      "del _calculator_path\n",
  );

  pyodide.runPython(BATCH);
  const runBatch = pyodide.globals.get("_run_batch");
  const result = runBatch(opts.call, opts.raw, opts.mixed, itemsText);
  runBatch.destroy();
  process.stdout.write(result);
  process.stdout.write("\n");
}

main().catch((err) => {
  process.stderr.write(`pyodide_run: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
