"""The memory snapshot's file format (docs/assets/calculator/snapshot-base.js), run under Node.

The worker reads the file as it downloads, chunk by chunk, and hands Pyodide the array before the
file is complete, so the reader must give the same bytes for any chunking, refuse a broken file
(the worker then starts Python the ordinary way) and never write outside the snapshot.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE_JS = (ROOT / "docs" / "assets" / "calculator" / "snapshot-base.js").as_uri()
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is missing (make test installs it)")

# A small stand-in for a Pyodide snapshot: its header (the memory image starts at byte 64, the
# second word), a 64-byte static region that differs from the instantiated memory (`base`) in two
# words, then zeros with two islands of data, one of them after a run of zeros shorter than the
# reader's gap (so it stays inside a span).
SCRIPT = r"""
import { SnapshotReader, encodeSnapshot, readSnapshot } from "%(base)s";
const WORDS = 16 + 4096;
const snapshot = new Uint32Array(WORDS);
snapshot.set([0x706e7300, 64, 0, 0]);
const base = new Uint8Array(64);
for (let i = 0; i < 64; i++) base[i] = (i * 7 + 1) & 255;
const memory = new Uint8Array(snapshot.buffer, 64);
memory.set(base);
memory[4] ^= 0x5a; memory[40] ^= 0x11; // Python changed two bytes of the static data
memory.set([1, 2, 3], 1000);
memory.set([9], 1000 + 3 + 20); // 20 zero bytes later: the same span
memory.set([4, 5, 6, 7], 9000);
const original = new Uint8Array(snapshot.buffer).slice();
const file = encodeSnapshot(new Uint8Array(snapshot.buffer), base);
const out = { fileBytes: file.length, snapshotBytes: original.length };
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
out.chunkings = [1, 3, 7, 64, 4096, file.length].map((size) => {
  const reader = new SnapshotReader();
  for (let at = 0; at < file.length; at += size) reader.push(file.subarray(at, at + size));
  return same(reader.complete(base), original);
});
const attempt = (run) => {
  try {
    run();
    return "accepted";
  } catch (error) {
    return String(error.message);
  }
};
const refused = (mutate) => attempt(() => {
  const copy = file.slice();
  mutate(copy, new DataView(copy.buffer));
  readSnapshot(copy).complete(base);
});
out.badMagic = refused((copy) => { copy[0] ^= 1; });
out.truncated = attempt(() => readSnapshot(file.subarray(0, file.length - 1)));
out.tooLong = attempt(() => readSnapshot(new Uint8Array([...file, 0, 0, 0, 0])));
out.tooLarge = refused((copy, words) => { words.setUint32(12, 0xfffffff0, true); });
out.spanOutside = refused((copy, words) => { words.setUint32(24, 0xfffffff0, true); });
out.spansOverlap = refused((copy, words) => {
  if (words.getUint32(16, true) < 2) throw new Error("need two spans");
  words.setUint32(32, words.getUint32(24, true), true);
});
out.otherBase = attempt(() => readSnapshot(file).complete(base.map((v) => v ^ 1)));
out.spans = new DataView(file.buffer).getUint32(16, true);
console.log(JSON.stringify(out));
"""


def run_node(script: str) -> dict[str, object]:
    assert NODE is not None
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_any_chunking_reads_the_same_snapshot_and_broken_files_are_refused() -> None:
    out = run_node(SCRIPT % {"base": BASE_JS})
    # 16 KB of snapshot; the file keeps the header, the two changed static words and the islands.
    assert out["snapshotBytes"] == (16 + 4096) * 4
    assert out["fileBytes"] < 200
    # Three spans: the Pyodide header with the two changed static-data words (each fewer than
    # 16 zero words from the last), and the islands at 1000 (with the byte 20 zeros later) and 9000.
    assert out["spans"] == 3
    assert out["chunkings"] == [True] * 6
    assert "format" in str(out["badMagic"])
    assert "ends early" in str(out["truncated"])
    assert "after the last span" in str(out["tooLong"])
    assert "too large" in str(out["tooLarge"])  # refused before 4 GB are allocated
    assert "out of order or out of bounds" in str(out["spanOutside"])
    assert "out of order or out of bounds" in str(out["spansOverlap"])
    assert "another build" in str(out["otherBase"])


BUILT = r"""
import { readFileSync } from "node:fs";
import { SnapshotReader } from "%(base)s";
const file = new Uint8Array(readFileSync(%(path)s));
const reader = new SnapshotReader();
for (let at = 0; at < file.length; at += 65536) reader.push(file.subarray(at, at + 65536));
const snapshot = reader.finish();
const words = new Uint32Array(snapshot.buffer, 0, 2);
let nonzero = 0;
for (const b of snapshot) if (b) nonzero++;
console.log(JSON.stringify({ length: snapshot.length, magic: words[0], memoryStart: words[1],
  fileBytes: file.length, nonzero, spans: new DataView(file.buffer).getUint32(16, true) }));
"""


def test_the_built_snapshot_expands_to_a_whole_wasm_memory(site_dir: Path) -> None:
    path = site_dir / "assets" / "py" / "snapshot.bin"
    out = run_node(BUILT % {"base": BASE_JS, "path": json.dumps(str(path))})
    memory = int(str(out["length"])) - int(str(out["memoryStart"]))
    # Pyodide's header ("\0snp" little-endian), then whole 64 KiB wasm pages (31.5 MB on
    # 2026-11-30) of which the file carries about a third.
    assert out["magic"] == 0x706E7300
    assert memory > 0 and memory % 65536 == 0
    assert int(str(out["fileBytes"])) < int(str(out["length"])) // 2
    assert 0 < int(str(out["nonzero"])) < int(str(out["fileBytes"]))
    assert int(str(out["spans"])) > 100
