"""Payload index files of one optimized segment, on the qdrant-edge-py engine it runs under.

Builds a shard of N points (8-d random vectors, one segment, indexing threshold 1 KB so the segment is optimized)
with three field indexes: `kw` keyword (16-byte values, C distinct), `num` integer (lookup + range, C distinct) and
`txt` full text (word tokenizer, 8 words per point from a vocabulary of V words, Zipf 1), optimizes it, and writes
every file under the optimized segment's `payload_index/` with its apparent size (st_size, `ls -l`) and allocated
size (st_blocks * 512, `du`), plus the engine's version (the vendored `api` crate of the wheel's SBOM, where it has
one).

Used for data/calibration/legacy-index-files/ (README there): run once per engine, each in its own venv,
    python test/calibration/legacy_index_files.py OUT.json
qdrant-edge-py 0.6.1 (api 1.17.1-dev) and 0.7.0 (api 1.18.2-dev) in /tmp venvs, 0.7.2 (api 1.18.2-dev, a 1.18 dev build; data/calibration/engine-identity/). Earlier
wheels (0.1.0-0.5.0) have no create_field_index nor optimize and cannot build an indexed segment.
"""
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

N = 20_000
C = 1_000
V = 2_000
WORDS = 8


def engine() -> dict:
    """The wheel's version and the `api` crate its SBOM vendors (the Qdrant it embeds; engine_identity.py reads it too)."""
    import importlib.metadata as md

    out = {"qdrant_edge_py": md.version("qdrant-edge-py")}
    dist = md.distribution("qdrant-edge-py")
    for f in dist.files or []:
        if str(f).endswith(".cyclonedx.json"):
            sbom = json.loads(Path(dist.locate_file(f)).read_text())
            for comp in sbom.get("components", []):
                if comp.get("name") == "api":
                    out["api_crate"] = comp.get("version")
    return out


def points(start: int, end: int, rng: random.Random):
    """Points start..end-1: 8 random floats, `kw` (16-byte value of C), `num` (C distinct integers), `txt` (WORDS Zipf words)."""
    vocab = [f"w{i:04d}x" for i in range(V)]
    weights = [1 / (r + 1) for r in range(V)]
    for i in range(start, end):
        words = rng.choices(vocab, weights, k=WORDS)
        yield i, [rng.random() for _ in range(8)], {"kw": f"value-{i % C:010d}", "num": (i % C) * 7919, "txt": " ".join(words)}


def create_shard(q, shard_dir: Path, fst_kb: int = 10):
    """The shard both scripts build: one segment, indexing threshold 1 KB, the three field indexes."""
    cfg = q.EdgeConfig(
        vectors=q.EdgeVectorParams(size=8, distance=q.Distance.Cosine),
        hnsw_config=q.HnswIndexConfig(16, 100, fst_kb, max_indexing_threads=0),
        optimizers=q.EdgeOptimizersConfig(default_segment_number=1, max_segment_size=1_000_000_000,
                                          indexing_threshold=1, deleted_threshold=0.2, vacuum_min_vector_number=1000),
    )
    shard = q.EdgeShard.create(str(shard_dir), cfg)
    shard.update(q.UpdateOperation.create_field_index("kw", q.PayloadSchemaType.Keyword))
    shard.update(q.UpdateOperation.create_field_index("num", q.PayloadSchemaType.Integer))
    shard.update(q.UpdateOperation.create_field_index("txt", q.TextIndexParams(tokenizer=q.TokenizerType.Word)))
    return shard


def main(out_path: str) -> None:
    import qdrant_edge as q

    rng = random.Random(42)
    root = Path(tempfile.mkdtemp(prefix="legacy-idx-"))
    shard_dir = root / "shard"
    shard_dir.mkdir()
    shard = create_shard(q, shard_dir)
    tokens = 0
    for start in range(0, N, 1000):
        pts = []
        for i, v, pl in points(start, start + 1000, rng):
            tokens += len(set(pl["txt"].split()))
            pts.append(q.Point(i, v, pl))
        shard.update(q.UpdateOperation.upsert_points(pts))
    shard.optimize()
    shard.close()
    files = []
    for dirpath, _, names in os.walk(shard_dir / "segments"):
        for name in names:
            p = Path(dirpath) / name
            rel = str(p.relative_to(shard_dir / "segments"))
            if "/payload_index/" not in rel:
                continue
            st = p.stat()
            files.append({"segment": rel.split("/", 1)[0], "path": rel.split("/", 1)[1], "apparent": st.st_size,
                          "allocated": st.st_blocks * 512})
    files.sort(key=lambda f: (f["segment"], f["path"]))
    # The optimized segment is the one with an HNSW graph; the other is the appendable segment the shard keeps.
    segs = {f["segment"] for f in files}
    optimized = [s for s in segs if any(p.name.startswith("graph") or p.name.startswith("links")
                                        for p in (shard_dir / "segments" / s).rglob("*"))]
    for f in files:
        f["optimized"] = f["segment"] in optimized
    out = {
        "engine": engine(),
        "shape": {"points": N, "segments": 1, "keyword_distinct": C, "keyword_value_bytes": 16, "integer_distinct": C,
                  "text_words_per_point": WORDS, "text_vocabulary": V, "distinct_tokens_per_point": tokens / N},
        "command": "python test/calibration/legacy_index_files.py " + Path(out_path).name,
        "files": files,
    }
    Path(out_path).write_text(json.dumps(out, indent=1) + "\n")
    shutil.rmtree(root)


if __name__ == "__main__":
    main(sys.argv[1])
