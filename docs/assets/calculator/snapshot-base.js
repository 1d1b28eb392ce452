// The memory snapshot's file format (shared by worker.js and scripts/snapshot.mjs), and how a
// restored snapshot gets its standard library (EMPTY_ZIP, writeStdlib). In the format the zero
// bytes are left out, and the static-data region is stored as a difference from the WebAssembly
// module's own initial data.
//
// A Pyodide memory snapshot copies the whole wasm memory: 31.5 MB, of which 25.5 MB are zeros
// (free heap memory is zeroed before the snapshot). Brotli sends the zeros almost for free, but
// the browser still decodes and copies every byte on the worker's thread before Python can
// start, about 10 ms a megabyte on the 2-core machines we measure on. So the file holds only the
// spans that are not zero (runs of fewer than GAP_WORDS zero words stay inside a span): about
// 9 MB, expanded here into a zero-filled array of the snapshot's size.
//
// The first ~4 MB of the memory are the module's static data: the same bytes the data segments
// of pyodide.asm.wasm write when it is instantiated, apart from ~75 KB that Python changed.
// scripts/snapshot.mjs therefore stores that region XORed with the freshly instantiated memory
// (mostly zeros, so mostly left out). The worker copies that memory in a `preRun` hook of the
// Emscripten module (which runs right after instantiation) and undoes the XOR once the whole
// file is in, before Pyodide copies the snapshot into memory (snapshotModule).
//
// File layout, little-endian uint32 words: a prefix of PREFIX_WORDS (MAGIC, the static region's
// length, a hash of the instantiated memory's region, the Pyodide snapshot's length in bytes,
// the number of spans N, 0), then N pairs (offset, length in bytes) in increasing order, then the
// N spans' bytes one after another. If the hash of the memory the worker instantiated differs
// (another build of the wasm), the module factory throws, so loadPyodide fails and the worker
// starts Python the ordinary way; so does a file that is not in this layout.

export const MAGIC = 0x3258_5a4a; // "JZX2"

// The engine's Python runs with -OO (docstrings and assert statements left out when a module is
// compiled), set through the environment of the snapshot's build (scripts/snapshot.mjs) and of
// an ordinary start (worker.js), so both ways run the same code. What the snapshot holds shrinks
// with it: the docstrings of every module Pyodide and the calculator import were 0.8 MB of the
// 10 MB file (3.22 -> 2.98 MB brotli, 2026-12-01). Nothing in the calculator reads a docstring,
// and its asserts only restate what the code above them ensures.
export const PYTHON_ENV = Object.freeze({ PYTHONOPTIMIZE: "2" });

// A snapshot starts Python on an empty standard library (worker.js: a first score needs none of
// it), and the real stdlib.zip is written over it later (writeStdlib). EMPTY_ZIP is an empty zip
// archive: its end-of-central-directory record alone.
export const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

// Writes `bytes` over the standard-library archive Pyodide mounted (/lib/pythonXY.zip, as
// sys.path names it) and drops zipimport's cached directories, so that the new one is read.
export function writeStdlib(pyodide, bytes) {
  const mounted = pyodide.runPython(
    'next(p for p in __import__("sys").path if p.endswith(".zip") and "/lib/python" in p)',
  );
  pyodide.FS.writeFile(mounted, bytes);
  pyodide.runPython("import zipimport; zipimport._zip_directory_cache.clear()");
}
const PREFIX_WORDS = 6;
// A run of zeros shorter than this many 32-bit words is kept inside a span: a span costs 8 bytes
// of table and a copy call. 16 words: 4,800 spans, 9.98 MB (2026-11-30).
const GAP_WORDS = 16;
// The largest snapshot accepted (a wasm32 memory of Pyodide's is 31.5 MB here): a file that
// claims more is refused before anything is allocated for it.
const MAX_SNAPSHOT_BYTES = 1 << 30;

// XOR `region` bytes of the snapshot's memory image with `base` (the same length or longer) in
// place, and return a hash (FNV-1a over 32-bit words) of base's region. Pyodide's header
// states where the memory image starts (its second uint32).
export function xorBase(snapshot, base, region) {
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2);
  const memoryStart = snapshot.byteOffset + words[1];
  const count = region >>> 2;
  const image = new Uint32Array(snapshot.buffer, memoryStart, count);
  const from = new Uint32Array(base.buffer, base.byteOffset, count);
  let hash = 0x811c_9dc5;
  for (let i = 0; i < count; i++) {
    const word = from[i];
    image[i] ^= word;
    hash = Math.imul(hash ^ word, 0x0100_0193) >>> 0;
  }
  return hash;
}

// The instantiated memory's static data (up to the C stack), as a copy: the base both sides use.
// One word in it is set before our hook by the Emscripten glue itself and depends on the
// JavaScript engine: CPython's call trampoline (_PyRuntime plus the offset the module exports), a
// function-table index where the engine can compile Pyodide's wasm trampoline (Chromium) and 0
// where it cannot (Node 20, which makes the snapshot). It is taken as 0 on both sides, so the
// restored memory holds what the snapshot holds, as with a plain Pyodide snapshot.
export function baseOf(module) {
  const base = module.HEAPU8.slice(0, module.___stack_low);
  const trampoline = module.__PyRuntime + module.HEAP32[module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >>> 2];
  base.fill(0, trampoline, trampoline + 4);
  return base;
}

// The spans of `words` that are not zero, as [start, end) word indices: runs of fewer than
// GAP_WORDS zero words are kept inside a span.
function nonZeroSpans(words) {
  const spans = [];
  let start = -1;
  let zeros = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 0) {
      if (start < 0) start = i;
      zeros = 0;
    } else if (start >= 0 && ++zeros >= GAP_WORDS) {
      spans.push([start, i + 1 - zeros]);
      start = -1;
    }
  }
  if (start >= 0) spans.push([start, words.length - zeros]);
  return spans;
}

// Build time: the file for `snapshot` (a Pyodide snapshot, changed in place) given `base`
// (baseOf the module that made it, taken in a preRun hook).
export function encodeSnapshot(snapshot, base) {
  if (snapshot.length % 4 || snapshot.byteOffset % 4) throw new Error("snapshot not word-aligned");
  const region = base.length;
  const hash = xorBase(snapshot, base, region);
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset, snapshot.length >>> 2);
  const spans = nonZeroSpans(words);
  const head = PREFIX_WORDS + 2 * spans.length;
  const dataWords = spans.reduce((sum, [start, end]) => sum + end - start, 0);
  const out = new Uint32Array(head + dataWords);
  out.set([MAGIC, region, hash, snapshot.length, spans.length, 0]);
  let at = head;
  spans.forEach(([start, end], k) => {
    out[PREFIX_WORDS + 2 * k] = start * 4;
    out[PREFIX_WORDS + 2 * k + 1] = (end - start) * 4;
    out.set(words.subarray(start, end), at);
    at += end - start;
  });
  return new Uint8Array(out.buffer);
}

// Reads a snapshot file, whole or chunk by chunk: once the prefix and the span table are in,
// `snapshot` is a zero-filled array of the Pyodide snapshot's size, and each later chunk is
// copied straight into its spans. `push` throws on a file that is not in this layout (a span out of order or
// out of bounds included) and `finish` on one that ends early.
export class SnapshotReader {
  constructor() {
    this.pending = new Uint8Array(0); // prefix and table bytes, until the table is complete
    this.snapshot = null;
    this.spans = null;
    this.region = 0;
    this.hash = 0;
    this.span = 0; // the span being written
    this.written = 0; // bytes of it written so far
  }

  push(chunk) {
    let bytes = chunk;
    if (!this.snapshot) {
      const joined = new Uint8Array(this.pending.length + chunk.length);
      joined.set(this.pending);
      joined.set(chunk, this.pending.length);
      this.pending = joined;
      const tableEnd = this.readTable(joined);
      if (tableEnd < 0) return;
      this.pending = null;
      bytes = joined.subarray(tableEnd);
    }
    this.write(bytes);
  }

  // Parses the prefix and the table once they are all in `head`; the offset where the spans'
  // bytes start, or -1 while more is needed.
  readTable(head) {
    const view = new DataView(head.buffer, head.byteOffset, head.length);
    const word = (k) => view.getUint32(4 * k, true);
    if (head.length < 4 * PREFIX_WORDS) return -1;
    if (word(0) !== MAGIC || word(3) % 4) throw new Error("not a memory snapshot in this format");
    const length = word(3);
    if (length > MAX_SNAPSHOT_BYTES) throw new Error("memory snapshot: too large");
    const count = word(4);
    const tableEnd = 4 * (PREFIX_WORDS + 2 * count);
    if (count > length / 4) throw new Error("memory snapshot: too many spans");
    if (head.length < tableEnd) return -1;
    const spans = new Uint32Array(2 * count);
    let end = 0;
    for (let k = 0; k < count; k++) {
      const offset = word(PREFIX_WORDS + 2 * k);
      const size = word(PREFIX_WORDS + 2 * k + 1);
      if (offset < end || size === 0 || size > length - offset) {
        throw new Error("memory snapshot: a span out of order or out of bounds");
      }
      spans[2 * k] = offset;
      spans[2 * k + 1] = size;
      end = offset + size;
    }
    this.region = word(1);
    this.hash = word(2);
    this.spans = spans;
    this.snapshot = new Uint8Array(length);
    return tableEnd;
  }

  write(bytes) {
    const spans = this.spans;
    let from = 0;
    while (from < bytes.length) {
      if (this.span * 2 >= spans.length) throw new Error("memory snapshot: bytes after the last span");
      const offset = spans[2 * this.span];
      const size = spans[2 * this.span + 1];
      const n = Math.min(size - this.written, bytes.length - from);
      this.snapshot.set(bytes.subarray(from, from + n), offset + this.written);
      from += n;
      this.written += n;
      if (this.written === size) {
        this.span += 1;
        this.written = 0;
      }
    }
  }

  // The whole file is in: the Pyodide snapshot (its static data still a difference).
  finish() {
    if (!this.snapshot || this.span * 2 !== this.spans.length) {
      throw new Error("memory snapshot: the file ends early");
    }
    return this.snapshot;
  }

  // XORs `base` (baseOf the module the snapshot is restored into, taken in a preRun hook) back
  // into the snapshot's static data; throws if it is not the memory the build saw.
  complete(base) {
    const snapshot = this.finish();
    if (!base || base.length !== this.region || xorBase(snapshot, base, this.region) !== this.hash) {
      throw new Error("the memory snapshot was made for another build of pyodide.asm.wasm");
    }
    return snapshot;
  }
}

// A whole snapshot file, read at once (build time: scripts/snapshot.mjs checks what it wrote).
export function readSnapshot(file) {
  const reader = new SnapshotReader();
  reader.push(file);
  reader.finish();
  return reader;
}

// loadPyodide's `createPyodideModule` option for a snapshot that `reader` is still reading:
// Pyodide's own module factory (`createModule`, the default export of pyodide.asm.mjs, or a
// promise of it) with a preRun hook that copies the freshly instantiated static data. The module
// is handed to Pyodide once `filled` has resolved (the whole file is in `reader.snapshot`) and
// that copy has been XORed back into the snapshot, which Pyodide then copies into memory.
// Pyodide only needs the snapshot array's length before the module is ready (`_loadSnapshot`:
// worker.js hands it the array once the span table is in, so the module is instantiated while
// the rest of the file arrives). A mismatch throws, and loadPyodide with it.
export function snapshotModule(createModule, reader, filled) {
  let base = null;
  const factory = withPreRun(createModule, (module) => {
    base = baseOf(module);
  });
  return async (settings) => {
    const module = await factory(settings);
    await filled;
    reader.complete(base);
    return module;
  };
}

// loadPyodide's `createPyodideModule` option: Pyodide's own module factory (the default export
// of pyodide.asm.mjs, or a promise of it) with `preRun` appended to the Emscripten module's
// preRun hooks. Pyodide awaits the factory's result, so a promise may still be pending when
// loadPyodide starts (it has then already begun fetching pyodide.asm.wasm).
export function withPreRun(createModule, preRun) {
  return async (settings) => {
    settings.preRun = [...(settings.preRun || []), preRun];
    return (await createModule)(settings);
  };
}
