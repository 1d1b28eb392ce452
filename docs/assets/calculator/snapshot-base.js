// The memory snapshot's static-data region, stored as a difference from the WebAssembly
// module's own initial data (shared by worker.js and scripts/snapshot.mjs).
//
// A Pyodide memory snapshot copies the whole wasm memory, whose first ~4 MB are the module's
// static data: the same bytes the data segments of pyodide.asm.wasm write when it is
// instantiated, apart from ~75 KB that Python changed. scripts/snapshot.mjs therefore stores
// that region XORed with the freshly instantiated memory (mostly zeros: 1.5 MB less to send),
// and the worker undoes the XOR in the same place: a `preRun` hook of the Emscripten module,
// which runs after instantiation and before Pyodide copies the snapshot into memory.
//
// File layout: 16 bytes of our own (4 little-endian uint32: MAGIC, the region's length, a hash
// of the instantiated memory's region, 0), then the Pyodide snapshot. If the hash of the
// memory the worker instantiated differs (another build of the wasm), the hook throws, so
// loadPyodide fails and the worker starts Python the ordinary way.

export const MAGIC = 0x3158_5a4a; // "JZX1"
export const PREFIX_BYTES = 16;

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

// Build time: the file for `snapshot` (a Pyodide snapshot, changed in place) given `base`
// (baseOf the module that made it, taken in a preRun hook).
export function encodeSnapshot(snapshot, base) {
  const region = base.length;
  const hash = xorBase(snapshot, base, region);
  const out = new Uint8Array(PREFIX_BYTES + snapshot.length);
  new Uint32Array(out.buffer, 0, 4).set([MAGIC, region, hash, 0]);
  out.set(snapshot, PREFIX_BYTES);
  return out;
}

// The Pyodide snapshot inside `file` and the preRun hook that completes it, or null if `file`
// is not in this format. The hook XORs the instantiated memory back in (changing `snapshot` in
// place, before Pyodide reads it) and throws if that memory is not the one the build saw.
export function decodeSnapshot(file) {
  if (file.length < PREFIX_BYTES || file.byteOffset % 4) return null;
  const [magic, region, hash] = new Uint32Array(file.buffer, file.byteOffset, 4);
  if (magic !== MAGIC) return null;
  const snapshot = file.subarray(PREFIX_BYTES);
  const preRun = (module) => {
    const base = baseOf(module);
    if (base.length !== region || xorBase(snapshot, base, region) !== hash) {
      throw new Error("the memory snapshot was made for another build of pyodide.asm.wasm");
    }
  };
  return { snapshot, preRun };
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
