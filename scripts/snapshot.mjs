#!/usr/bin/env node
// Build-time Pyodide start-up files for the calculator worker (run after `make build` has put
// Pyodide into site/assets/pyodide/ and the calculator zip into site/assets/py/).
//
// Writes three files next to calculator.zip:
//   stdlib.zip        the standard-library modules the calculator may still import after the
//                     snapshot is restored: those it and Pyodide's own start-up use (found by a
//                     plain start, pass 1, plus EXTRA_STDLIB) minus those the snapshot has
//                     already imported, which never read their file again (0.26 MB instead
//                     of the full 2.5 MB python_stdlib.zip);
//   snapshot.bin      a Pyodide memory snapshot taken after `import calculator.surfaces.api`
//                     and a warm-up over the example profiles, so the browser skips starting
//                     the interpreter and importing the package (loadPyodide `_loadSnapshot`).
//                     Written raw (31 MB, mostly zeros): scripts/precompress.py writes its
//                     brotli copy, which a host sends with Content-Encoding, and its gzip copy
//                     snapshot.bin.gz, which the worker inflates itself when the host sends the
//                     raw file;
//   pyodide-lock.json Pyodide's lock file without its 357 packages (the `info` its ABI check
//                     reads, and no package: the calculator loads none), which the worker hands
//                     loadPyodide for a start from the snapshot: Pyodide fetches and parses its
//                     lock file before it is ready, and the full one is 119 KB (22 KB brotli)
//                     that nothing here reads.
//
// The snapshot is made under Node from the same pyodide.asm.wasm the site serves (Pyodide
// refuses a snapshot whose build id differs), with the trimmed stdlib mounted; the directory
// zipimport cached for it is dropped before the snapshot, so that the browser's smaller
// stdlib.zip is read afresh. Before the snapshot, free heap memory and the dead part of the C
// stack are overwritten with zeros, and the static data is stored as a difference from the
// wasm module's own (docs/assets/calculator/snapshot-base.js).
//
// With --verify (default on) the snapshot is loaded again and every example profile must give
// the same `evaluate` output as a plain start with the full standard library.
//
// Usage: node scripts/snapshot.mjs [--site site] [--examples examples] [--no-verify]

import { readFile, readdir, writeFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import {
  baseOf, EMPTY_ZIP, encodeSnapshot, PYTHON_ENV, readSnapshot, snapshotModule, withPreRun,
  writeStdlib,
} from "../docs/assets/calculator/snapshot-base.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");
// Must equal EXTRACT_DIR in docs/assets/calculator/worker.js: the snapshot's sys.path holds it.
const EXTRACT_DIR = "/home/pyodide/calculator-app";
// Pyodide's lock file, and the trimmed one written next to the snapshot (worker.js LOCK_URL).
const LOCK_FILE = "pyodide-lock.json";
// Standard-library modules kept in stdlib.zip although the warm-up does not import them: small
// modules a later calculator change could plausibly start using.
const EXTRA_STDLIB = [
  "bisect", "calendar", "collections/abc", "csv", "decimal", "difflib", "fractions",
  "html/__init__", "html/entities", "numbers", "statistics", "string/__init__", "uuid",
  "encodings/ascii", "encodings/latin_1", "encodings/utf_16", "encodings/utf_32",
  "encodings/unicode_escape", "encodings/raw_unicode_escape", "encodings/idna",
];

function usage(message) {
  process.stderr.write(`snapshot: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { site: path.join(REPO, "site"), examples: path.join(REPO, "examples"), verify: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`));
    if (arg === "--site") opts.site = path.resolve(value());
    else if (arg === "--examples") opts.examples = path.resolve(value());
    else if (arg === "--no-verify") opts.verify = false;
    else usage(`unknown argument ${arg}`);
  }
  return opts;
}

const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(`[py] ${line}\n`) };
// Emscripten's default environment plus a fixed program name, so nothing about the build
// machine (such as this script's path) ends up in the published snapshot, and the engine's
// interpreter options (PYTHON_ENV: -OO), in every pass, so the outputs compared are the engine's.
const ENV = { HOME: "/home/pyodide", _: "./this.program", ...PYTHON_ENV };

function bytesOf(buffer) {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function examples(dir) {
  const out = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith(".json")) out[name] = JSON.parse(await readFile(path.join(dir, name), "utf8"));
  }
  if (!Object.keys(out).length) usage(`no example profiles in ${dir}`);
  return out;
}

// Python run after the package is on sys.path: call every browser-facing function on good and
// bad input, and return the example outputs. The calls made here are SNAPSHOT_WARM in
// docs/assets/calculator/worker.js: after a restore they answer before the package is unpacked. Pass 1 also imports every module of the package (and
// chinese_calendar) so that the trimmed standard library holds what any of them needs; pass 2, the
// snapshot's, does not: the CLI's and the batch report's modules are never used in the browser, and
// each module left out keeps the snapshot smaller (6.49 -> 6.22 MB gzip on 2026-11-30).
const WARM_UP = `
import importlib, json, pkgutil, sys
import calculator, calculator.surfaces.api as _api

def _warm_up(examples_json, every_module):
    if every_module:  # pass 1 only: what the trimmed standard library must hold
        for info in pkgutil.walk_packages(calculator.__path__, "calculator."):
            if info.name.rsplit(".", 1)[-1] not in ("__main__",):
                importlib.import_module(info.name)
        try:
            import chinese_calendar  # noqa: F401  (imported lazily by calculator.planning.deadlines)
        except ImportError:
            pass
    _api.form_spec()
    outputs = {}
    for name, answers in json.loads(examples_json).items():
        text = json.dumps(answers, ensure_ascii=False)
        outputs[name] = _api.evaluate(text)
        for fn in ("plan",):
            if hasattr(_api, fn):
                getattr(_api, fn)(text)
        link = json.loads(_api.encode_link(text))
        if link.get("ok"):
            _api.decode_link(link["fragment"])
            _api.open_link(link["fragment"])
    for bad in ("", "{", "[]", "p=v1.%%%", "p=v9.AAAA", "p=" + "A" * 5000):
        _api.evaluate(bad)
        _api.decode_link(bad)
        _api.open_link(bad)
    if hasattr(_api, "deadlines"):
        _api.deadlines(json.dumps({"city": "shanghai", "from": "2025-01-02", "purpose": "x"}))
    return json.dumps(outputs, ensure_ascii=False, sort_keys=True)
`;

// Overwrite the heap's free memory with zeros so that the snapshot compresses well. This CPython
// is built without pymalloc: every object comes from dlmalloc, so after gc.collect() what
// start-up and the warm-up left behind (module sources, ASTs, temporary objects: about 5 MB)
// sits in dlmalloc's free chunks. Take them all with malloc, largest first, zero each, and free
// them again. The wasm memory must not grow: Pyodide restores a snapshot into a memory of the
// snapshot's size, so a heap that grew while the snapshot was made cannot be restored ("offset
// is out of bounds"). So first the top chunk (the free end of the heap, dlmalloc's "keepcost",
// the last field of mallinfo) is taken whole; after that a block at a higher address can only
// come from memory the break (sbrk) was moved to, which is still zero: it ends that size, and
// a size is only tried while the break has room for it below the end of the memory. Then the
// C stack below the stack pointer (JavaScript is calling in, so nothing there is live).
function zeroFreeMemory(pyodide) {
  const heap = pyodide._module;
  pyodide.runPython("import gc\ngc.collect()\ndel gc");
  const end = heap.HEAP8.length;
  const keepcost = () => {
    const info = heap._malloc(64);
    heap._mallinfo(info);
    const value = heap.HEAPU32[(info >>> 2) + 9];
    heap._free(info);
    return value;
  };
  const held = [];
  const take = (p, size) => {
    heap.HEAPU8.fill(0, p, p + size);
    held.push(p);
  };
  let topMark = 0;
  for (let tries = 0, top = keepcost(); top > 4096 && tries < 64; tries++, top = keepcost()) {
    const p = heap._malloc(top - 64);
    if (!p) break;
    take(p, top - 64);
    topMark = Math.max(topMark, p);
  }
  for (let size = 1 << 18; size >= 8; size >>= 1) {
    if (end - heap._sbrk(0) < size + (1 << 18)) continue;
    for (let p = heap._malloc(size); p; p = heap._malloc(size)) {
      if (p > topMark) {
        heap._free(p);
        break;
      }
      take(p, size);
    }
  }
  for (const p of held) heap._free(p);
  if (heap.HEAP8.length !== end) throw new Error("zeroing free memory grew the wasm memory");
  heap.HEAPU8.fill(0, heap._emscripten_stack_get_end(), heap.stackSave());
}

async function startPackage(pyodide, zipBytes, examplesJson, everyModule) {
  pyodide.unpackArchive(zipBytes, "zip", { extractDir: EXTRACT_DIR });
  pyodide.globals.set("_calculator_path", EXTRACT_DIR);
  pyodide.runPython(
    "import sys\nif _calculator_path not in sys.path:\n    sys.path.insert(0, _calculator_path)\n" +
      "del _calculator_path\n",
  );
  pyodide.runPython(WARM_UP);
  const warmUp = pyodide.globals.get("_warm_up");
  const outputs = warmUp(examplesJson, everyModule);
  warmUp.destroy();
  pyodide.runPython("del _warm_up");
  return outputs;
}

const QR_PROBE = `
import calculator.surfaces.api as _api
_api.qr('{"link": "https://example.org/calculator/#p=v1.q1bKLM5IzEtJLUoFAA"}')
`;

// After stdlib.zip is written over the empty archive the snapshot started with: the name of a
// module only that archive holds, imported from it ("" if there is none; an error if it fails).
const STDLIB_PROBE = `
import importlib, sys, zipfile
_zip = next(p for p in sys.path if p.endswith(".zip") and "/lib/python" in p)
_fresh = sorted(n[:-3] for n in zipfile.ZipFile(_zip).namelist()
                if n.endswith(".py") and "/" not in n and n[:-3] not in sys.modules)
_mod = importlib.import_module(_fresh[0]) if _fresh else None
assert _mod is None or _mod.__file__.startswith(_zip), _mod
_mod.__name__ if _mod else ""
`;

// The stdlib files of every module imported so far, plus EXTRA_STDLIB, as a new zip (bytes).
const TRIM_STDLIB = `
import json, sys, zipfile

def _trimmed_stdlib(extra_json, out_path):
    stdlib = next(p for p in sys.path if p.endswith(".zip") and "/lib/python" in p)
    prefix = stdlib + "/"
    wanted = set()
    for module in list(sys.modules.values()):
        origin = getattr(module, "__file__", None) or ""
        if origin.startswith(prefix):
            wanted.add(origin[len(prefix):])
    with zipfile.ZipFile(stdlib) as full:
        names = set(full.namelist())
        for stem in json.loads(extra_json):
            if stem + ".py" in names:
                wanted.add(stem + ".py")
        # Every parent package's __init__ must be there too.
        for name in list(wanted):
            parts = name.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                init = "/".join(parts[:i]) + "/__init__.py"
                if init in names:
                    wanted.add(init)
        with zipfile.ZipFile(out_path, "w") as out:
            for name in sorted(wanted):
                info = full.getinfo(name)
                copy = zipfile.ZipInfo(name, date_time=info.date_time)
                copy.compress_type = zipfile.ZIP_DEFLATED
                copy.external_attr = info.external_attr
                out.writestr(copy, full.read(name), compresslevel=9)
    return len(wanted)
`;

// The standard-library files the snapshot's modules came from (pass 2, after the warm-up): they
// are never read again once the snapshot is restored. The directory zipimport cached for the
// archive is dropped, so that after a restore it is read from the file the browser mounts.
const LOADED_STDLIB = `
import json, sys, zipimport

def _loaded_stdlib():
    stdlib = next(p for p in sys.path if p.endswith(".zip") and "/lib/python" in p)
    prefix = stdlib + "/"
    loaded = sorted(
        origin[len(prefix):]
        for origin in (getattr(m, "__file__", None) or "" for m in list(sys.modules.values()))
        if origin.startswith(prefix)
    )
    zipimport._zip_directory_cache.clear()
    return json.dumps(loaded)
`;

// A copy of the zip at src without the files named in skip_json (run in pass 1's interpreter,
// which has zipfile imported already).
const SLIM_STDLIB = `
import json, zipfile

def _slim_stdlib(src, skip_json, out_path):
    skip = set(json.loads(skip_json))
    kept = 0
    with zipfile.ZipFile(src) as full, zipfile.ZipFile(out_path, "w") as out:
        for info in full.infolist():
            if info.filename in skip:
                continue
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = info.external_attr
            out.writestr(copy, full.read(info.filename), compresslevel=9)
            kept += 1
    return kept
`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const indexDir = path.join(opts.site, "assets", "pyodide") + path.sep;
  const pyDir = path.join(opts.site, "assets", "py");
  const zipBytes = bytesOf(await readFile(path.join(pyDir, "calculator.zip")));
  const examplesJson = JSON.stringify(await examples(opts.examples));
  const { loadPyodide } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
  // The full standard library: from the site copy if the build kept it, else from node_modules.
  let fullStdlib = path.join(indexDir, "python_stdlib.zip");
  try {
    await readFile(fullStdlib);
  } catch {
    fullStdlib = path.join(REPO, "node_modules", "pyodide", "python_stdlib.zip");
  }

  // Pass 1: a plain start with the full standard library; record what gets imported.
  const t0 = performance.now();
  const plain = await loadPyodide({ indexURL: indexDir, stdLibURL: fullStdlib, env: ENV, ...quiet });
  const expected = await startPackage(plain, zipBytes, examplesJson, true);
  // Draw one QR code so that the modules segno needs stay in the trimmed library; segno itself is
  // imported lazily (calculator/surfaces/qr.py) and so stays out of the snapshot of pass 2.
  if (!JSON.parse(plain.runPython(QR_PROBE)).ok) throw new Error("api.qr() failed on a plain start");
  plain.runPython(TRIM_STDLIB);
  const trim = plain.globals.get("_trimmed_stdlib");
  const kept = trim(JSON.stringify(EXTRA_STDLIB), "/tmp/stdlib.zip");
  trim.destroy();
  const stdlib = plain.FS.readFile("/tmp/stdlib.zip");
  const stdlibPath = path.join(pyDir, "stdlib.zip");
  await writeFile(stdlibPath + ".tmp", stdlib);
  await rename(stdlibPath + ".tmp", stdlibPath);
  const t1 = performance.now();

  // Pass 2: start again on the trimmed library, import and warm up, then snapshot.
  // The memory right after instantiation (before Pyodide runs any code): the base the snapshot's
  // static-data region is stored against (docs/assets/calculator/snapshot-base.js).
  const createModule = (await import(pathToFileURL(path.join(indexDir, "pyodide.asm.mjs")).href)).default;
  let base = null;
  const maker = await loadPyodide({
    indexURL: indexDir, stdLibURL: stdlibPath, env: ENV, _makeSnapshot: true, ...quiet,
    createPyodideModule: withPreRun(createModule, (module) => { base = baseOf(module); }),
  });
  const got = await startPackage(maker, zipBytes, examplesJson, false);
  if (got !== expected) throw new Error("the trimmed standard library changes evaluate() output");
  maker.runPython(LOADED_STDLIB);
  const loadedStdlib = maker.globals.get("_loaded_stdlib");
  const loaded = loadedStdlib();
  loadedStdlib.destroy();
  maker.runPython("del _loaded_stdlib");
  zeroFreeMemory(maker);
  const snapshot = encodeSnapshot(maker.makeMemorySnapshot(), base);
  // What the browser mounts: the trimmed library without the files the snapshot has imported.
  plain.runPython(SLIM_STDLIB);
  const slim = plain.globals.get("_slim_stdlib");
  const slimKept = slim("/tmp/stdlib.zip", loaded, "/tmp/stdlib-slim.zip");
  slim.destroy();
  const slimStdlib = plain.FS.readFile("/tmp/stdlib-slim.zip");
  await writeFile(stdlibPath + ".tmp", slimStdlib);
  await rename(stdlibPath + ".tmp", stdlibPath);
  const snapshotPath = path.join(pyDir, "snapshot.bin");
  await writeFile(snapshotPath + ".tmp", snapshot);
  await rename(snapshotPath + ".tmp", snapshotPath);
  const lockPath = path.join(pyDir, LOCK_FILE);
  const { info } = JSON.parse(await readFile(path.join(indexDir, LOCK_FILE), "utf8"));
  await writeFile(lockPath + ".tmp", JSON.stringify({ info, packages: {} }) + "\n");
  await rename(lockPath + ".tmp", lockPath);
  const t2 = performance.now();
  let readAfter = null; // a module imported from stdlib.zip written after the start (pass 3)

  // Pass 3: load the snapshot as the browser worker does and compare outputs: start-up and
  // evaluate() with an empty standard library and before the package is unpacked (worker.js
  // SNAPSHOT_WARM: stdlib.zip and calculator.zip come after the first score); then, with
  // stdlib.zip written over the empty one and the package unpacked, a QR code (segno, imported
  // lazily).
  if (opts.verify) {
    const reader = readSnapshot(new Uint8Array(snapshot));
    const emptyZip = path.join(os.tmpdir(), `empty-stdlib-${process.pid}.zip`);
    await writeFile(emptyZip, EMPTY_ZIP);
    const restored = await loadPyodide({
      indexURL: indexDir, stdLibURL: emptyZip, env: ENV, _loadSnapshot: reader.snapshot,
      lockFileURL: lockPath,
      createPyodideModule: snapshotModule(createModule, reader, Promise.resolve()), ...quiet,
    });
    await rm(emptyZip, { force: true });
    restored.globals.set("_examples", examplesJson);
    const again = restored.runPython(`
import json, calculator.surfaces.api as _api
_out = {k: _api.evaluate(json.dumps(v, ensure_ascii=False))
        for k, v in json.loads(_examples).items()}
for _v in json.loads(_examples).values():
    _link = json.loads(_api.encode_link(json.dumps(_v, ensure_ascii=False)))
    if _link.get("ok"):
        _api.open_link(_link["fragment"])
json.dumps(_out, ensure_ascii=False, sort_keys=True)
`);
    if (again !== expected) throw new Error("the restored snapshot gives different evaluate() output");
    if (restored.runPython("import sys; sys.flags.optimize") !== Number(PYTHON_ENV.PYTHONOPTIMIZE)) {
      throw new Error("the restored snapshot does not run with the engine's -OO");
    }
    writeStdlib(restored, await readFile(stdlibPath)); // as worker.js does after the first score
    restored.unpackArchive(zipBytes, "zip", { extractDir: EXTRACT_DIR });
    readAfter = restored.runPython(STDLIB_PROBE);
    if (!JSON.parse(restored.runPython(QR_PROBE)).ok) {
      throw new Error("api.qr() fails on the restored snapshot (a module segno needs is missing?)");
    }
  }
  const t3 = performance.now();
  const mb = (n) => (n / 1e6).toFixed(2);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), stdlibPath)} (${slimKept} of the ${kept} files the` +
      ` package needs, ${mb(slimStdlib.length)} MB; the snapshot has imported the others)` +
      ` and ${path.relative(process.cwd(), snapshotPath)} (${mb(snapshot.length)} MB;` +
      ` precompress.py writes its copies); passes ${((t1 - t0) / 1000).toFixed(1)} s,` +
      ` ${((t2 - t1) / 1000).toFixed(1)} s, verify ${((t3 - t2) / 1000).toFixed(1)} s` +
      (readAfter ? `; stdlib.zip read after the start (imported ${readAfter})` : "") + "\n",
  );
}

main().catch((err) => {
  process.stderr.write(`snapshot: ${err && err.stack ? err.stack : err}\n`.slice(0, 4000));
  process.exit(1);
});
