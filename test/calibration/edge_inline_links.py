#!/usr/bin/env python3
"""Inline graph storage (hnsw_config.inline_storage) on qdrant-edge-py 0.9.0 (the engine of the 1.20 period): the
bytes of each per-link quantized vector in links_comp_vec.bin, by distance.

Question: TurboQuant keeps an f32 L2 length with every Euclid vector (TqVectorExtras::size_for; quantized.data 76 B
a vector at bits4 128-d Euclid against 72 B at Cosine, edge-0.9.0.json). Do the inline graph's per-link vectors carry
those 4 B too? File sizes alone cannot say (the graphs keep different link counts), so the file is decoded to the
byte (decode_links.decode_with_vectors: header, level offsets, reindex, padding, every record's base vector, varint,
packed links, padding and link vectors, compressed offsets) and its header's link_vector_layout is checked against
the quantized storage: every link vector is compared with the quantized.data record of the point it links to, every
base vector with the point's original (Cosine: normalized, as the engine stores it).

What: 3,000 points of 128-d seeded gmm data (harness.gen_dense, the same for every case), one optimized segment
(edge_segment: m=16, ef_construct 100, one segment), inline_storage on, TurboQuant bits4 / bits8 / bits1_5 at Cosine,
Euclid and Dot; scalar int8 and binary 1-bit at Cosine and Euclid as controls (no per-distance extras expected).

How: /work/venv-090/bin/python test/calibration/edge_inline_links.py [case-id,...]
  (resumable: cases already in the output are skipped unless named). Writes
  data/calibration/v1.20-structures/inline-links-0.9.0.json.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from decode_links import decode_with_vectors  # noqa: E402
from edge_segment import build_optimized, edge_config, run_cases, scan_main  # noqa: E402
from harness import gen_dense  # noqa: E402

OUT = HERE.parent.parent / "data" / "calibration" / "v1.20-structures" / "inline-links-0.9.0.json"
N = 3000
D = 128


def quantization(q, case: dict):
    kind, arg = case["quant"]
    if kind == "tq":
        return q.TurboQuantQuantizationConfig(bits=getattr(q.TurboQuantBitSize, arg))
    if kind == "sq":
        return q.ScalarQuantizationConfig(type=q.ScalarType.Int8)
    return q.BinaryQuantizationConfig(encoding=q.BinaryQuantizationEncoding.OneBit)


def build(case: dict, root: Path) -> dict:
    import numpy as np
    import qdrant_edge as q

    cfg = edge_config(q, D, quantization=quantization(q, case), distance=case["distance"], inline_storage=True)
    x = gen_dense({"seed": 42, "data": "gmm", "clusters": 64, "dtype": "float32"}, N, D).astype(np.float32)
    path = root / case["id"]
    secs = build_optimized(q, path, cfg, [], N, lambda i: q.Point(i, x[i].tolist(), None))
    seg = scan_main(path)
    main = {f["path"].split("/", 2)[2]: f["apparent"] for f in seg["main"]}
    seg_dir = next(p for p in (path / "segments").iterdir() if (p / "vector_index" / "links_comp_vec.bin").exists())
    quantized = (seg_dir / "vector_storage" / "quantized.data").read_bytes()
    originals = x / np.linalg.norm(x, axis=1, keepdims=True) if case["distance"] == "Cosine" else x
    dec = decode_with_vectors(str(seg_dir / "vector_index" / "links_comp_vec.bin"), quantized, originals)
    dec.pop("file")
    return {"case": case, "optimize_seconds": secs, "quantized_data_bytes": len(quantized),
            "quantized_bytes_per_vector": len(quantized) / N, "files_main_apparent": main, "links_comp_vec": dec}


CASES = [
    {"id": f"tq-{b.lower()}-{dist.lower()}", "quant": ["tq", b], "distance": dist}
    for b in ("Bits4", "Bits8", "Bits1_5") for dist in ("Cosine", "Euclid", "Dot")
] + [
    {"id": f"{k}-{dist.lower()}", "quant": [k, None], "distance": dist}
    for k in ("sq", "bq1") for dist in ("Cosine", "Euclid")
]


def main() -> None:
    run_cases(OUT, CASES, build, "qsize-inline-",
              {"command": "test/calibration/edge_inline_links.py" + (f" {sys.argv[1]}" if len(sys.argv) > 1 else ""),
               "points": N, "dim": D})


if __name__ == "__main__":
    main()
