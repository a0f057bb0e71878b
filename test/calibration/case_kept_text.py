#!/usr/bin/env python3
"""A full-text index with `lowercase: false` against the same index lowercased, on real English text, on qdrant-edge-py
0.9.0 (the engine of the Qdrant 1.20 period).

With `lowercase: false` Qdrant keeps each token's case (`TokensProcessor`, lib/segment/src/index/field_index/
full_text_index/tokenizers/mod.rs: `to_lowercase` only when `lowercase` is true, the default), so "The" and "the" are
two tokens: more distinct tokens, and a document holding both gets two postings. The generated text of the other
calibration cases is lowercase (wordfreq has casefolded its words), so this case uses real cased English that every
CPython 3.11 carries: the Python reference manual's topics (`pydoc_data.topics`), split into paragraphs of at least
5 words, one paragraph per point. The text statistics of both readings are counted here with Qdrant's word
tokenizer rule (a token is a run of `char::is_alphanumeric` characters).

Two shards of one optimized segment each (edge_segment.py: m=16, payload_m 0, one segment), the field indexed with the
word tokenizer, `lowercase` true and false; every file of the field's payload index measured (apparent and allocated
bytes). Writes data/calibration/v1.20-structures/case-kept-text-0.9.0.json. Run with the 0.9.0 venv:
  <venv>/bin/python test/calibration/case_kept_text.py
"""
from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from edge_segment import build_optimized, edge_config, payload_index_sums, scan_main  # noqa: E402
from harness import machine_info  # noqa: E402

OUT = HERE.parent.parent / "data" / "calibration" / "v1.20-structures" / "case-kept-text-0.9.0.json"
SEED = 2020


def tokens(text: str) -> list[str]:
    """Qdrant's word tokenizer: runs of alphanumeric characters (Rust's char::is_alphanumeric, Python's str.isalnum)."""
    out, cur = [], []
    for ch in text:
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def paragraphs() -> list[str]:
    import pydoc_data.topics as topics

    out = []
    for key in sorted(topics.topics):
        for p in re.split(r"\n\s*\n", topics.topics[key]):
            p = " ".join(p.split())
            if len(tokens(p)) >= 5:
                out.append(p)
    return out


def text_stats(docs: list[str], lower: bool) -> dict:
    per_doc = [[t.lower() for t in tokens(d)] if lower else tokens(d) for d in docs]
    vocab = {t for ts in per_doc for t in ts}
    return {
        "tokens_per_doc_mean": statistics.fmean(len(ts) for ts in per_doc),
        "distinct_tokens_per_doc_mean": statistics.fmean(len(set(ts)) for ts in per_doc),
        "distinct_tokens_in_corpus": len(vocab),
        "distinct_token_bytes_mean": statistics.fmean(len(t.encode()) for t in vocab),
        "doc_bytes_mean": statistics.fmean(len(d.encode()) for d in docs),
    }


def build(docs: list[str], lowercase: bool, root: Path) -> dict:
    import numpy as np
    import qdrant_edge as q

    n, d = len(docs), 16
    x = np.random.default_rng(SEED).standard_normal((n, d)).astype(np.float32)
    path = root / f"lower-{lowercase}"
    schema = q.TextIndexParams(tokenizer=q.TokenizerType.Word, lowercase=lowercase)
    secs = build_optimized(q, path, edge_config(q, d, payload_m=0), [("body", schema)], n,
                           lambda i: q.Point(i, x[i].tolist(), {"body": docs[i]}))
    seg = scan_main(path)
    per_entry = payload_index_sums(seg["main"], lambda parts: parts[3].split("-", 1)[-1] if len(parts) > 4 else parts[3])
    files = [f for f in seg["main"] if f["path"].split("/")[2] == "payload_index"]
    shutil.rmtree(path, ignore_errors=True)
    return {"optimize_seconds": secs, "payload_index_by_entry": per_entry, "payload_index_files": files}


def main() -> None:
    import qdrant_edge  # noqa: F401

    docs = paragraphs()
    res = {
        "engine": "qdrant-edge-py 0.9.0",
        "corpus": f"pydoc_data.topics of CPython {sys.version.split()[0]}: paragraphs of at least 5 words, one per point",
        "points": len(docs),
        "machine": machine_info(),
        "cases": {},
    }
    with tempfile.TemporaryDirectory(prefix="qsize-case-kept-") as tmp:
        for lowercase in (True, False):
            key = "lowercase" if lowercase else "case-kept"
            res["cases"][key] = {"lowercase": lowercase, "text": text_stats(docs, lowercase), "build": build(docs, lowercase, Path(tmp))}
            print(key, json.dumps(res["cases"][key]["text"]), res["cases"][key]["build"]["payload_index_by_entry"], flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
