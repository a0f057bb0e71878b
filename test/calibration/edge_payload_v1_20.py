#!/usr/bin/env python3
"""Payload indexes on qdrant-edge-py 0.9.0 (the engine of the Qdrant 1.20 period): every index type, nested (array
element) indexes, and the full-text index with and without BM25 on realistic text.

For each case one optimized segment is built in a child process and every file of it is measured (apparent and
allocated bytes); the live heap the loaded index adds is measured the way the harness measures it (test/calibration/
harness.py, derived()): in a fresh process, glibc malloc_trim before and after loading the shard and running a few
searches, the RssAnon growth; the same for a twin shard with the same points and payloads and no index; the
difference of the medians over LOAD_REPEATS runs each. Cases with a `links` role also measure the HNSW links file of
the same vectors with the field indexed and without it (payload sub-graphs).

Text: a seeded Zipf vocabulary (50,000 words, P(rank r) ~ r^-s, s = 1.07; the 100 most frequent words are English
function words, most of them in Qdrant's English stopword list; the other words are pseudo-words of 2-14 letters,
shorter for frequent ranks), titles of 8-15 words and paragraphs of 50-200 words (log-normal around 110).
The `wf-` cases use English text instead: words drawn independently from the frequencies of the 100,000 most frequent
English words of wordfreq 3.1.1 (data/language/wordfreq-en-3.1.1-top100k.tsv.gz, wordfreq_prefixes.py), for the prefix
tokenizer whose counts qsize derives from the words; the `wf-<code>-` cases the same in another language (German,
Russian, French, Portuguese, Italian, one Spanish, one Polish and one Dutch: data kind wordfreq-<doc>-<code>, drawn from the language's whole wordfreq list, which
`wordfreq_prefixes.py <language> --all-words <language>` writes into test/calibration/.work/; its stopwords, with
`stopwords`, the language's Qdrant list as data/language/wordfreq-<code>-3.1.1.json records it).

Writes data/calibration/v1.20-structures/payload-indexes-0.9.0.json (resumable: finished cases are kept; pass a
comma-separated list of case ids to redo those). Run with the 0.9.0 venv and nice:
  nice -n 10 <venv>/bin/python test/calibration/edge_payload_v1_20.py
s38 (phrase matching in a nested index and in an appendable segment; `optimize: False` leaves the points in the
appendable segment, whose mutable index is then the one measured, its twin likewise):
  nice -n 10 /work/venv-090/bin/python test/calibration/edge_payload_v1_20.py nested-text-zipf-50k-phrase,text-title-20k-appendable,text-title-20k-phrase-appendable
  nice -n 10 /work/venv-090/bin/python test/calibration/edge_payload_v1_20.py text-title-20k-2values-appendable,text-title-20k-2values-phrase-appendable
s41 (every other index type in an appendable segment: its gridstores and the in-memory index loaded from them):
  nice -n 10 /work/venv-090/bin/python test/calibration/edge_payload_v1_20.py float-20k-appendable,bool-20k-appendable,geo-20k-appendable,datetime-20k-appendable,uuid-20k-appendable,array-keyword-20k-appendable,array-integer-20k-appendable
s42 (the eleven appendable cases on qdrant-edge-py 0.7.2, api 1.18.2-dev, into their own file):
  QSIZE_PAYLOAD_OUT=data/calibration/v1.19.0-structures/payload-indexes-appendable-0.7.2.json nice -n 10 /work/venv-072/bin/python test/calibration/edge_payload_v1_20.py text-title-20k-appendable,text-title-20k-phrase-appendable,text-title-20k-2values-appendable,text-title-20k-2values-phrase-appendable,float-20k-appendable,bool-20k-appendable,geo-20k-appendable,datetime-20k-appendable,uuid-20k-appendable,array-keyword-20k-appendable,array-integer-20k-appendable
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid as _uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from edge_segment import build_optimized, edge_config, payload_index_sums, scan_main  # noqa: E402
from harness import machine_info, malloc_trim, proc_status  # noqa: E402

# QSIZE_PAYLOAD_OUT: another file (to run a case beside a running batch; merge its case into OUT after).
OUT = Path(os.environ.get("QSIZE_PAYLOAD_OUT") or HERE.parent.parent / "data" / "calibration" / "v1.20-structures" / "payload-indexes-0.9.0.json")
# Loads per shard and per twin (median); QSIZE_LOAD_REPEATS overrides it for a noisy case.
LOAD_REPEATS = int(os.environ.get("QSIZE_LOAD_REPEATS", "3"))
SEED = 2020

# The most frequent English words that the word tokenizer keeps whole (no apostrophes); most are in Qdrant's English
# stopword list (ENGLISH_STOPWORDS below).
FUNCTION_WORDS = (
    "the of and to a in is it you that he was for on are with as i his they be at one have this from or had by "
    "but what some we can out other were all there when up use your how said an each she which do their if will "
    "about many then them these so her would him into has more two been who its now did down only over my me our "
    "just most very then than too also any such no nor not same few both after before because while through those "
    "again further here where why off above below under until against between during".split()
)


# Qdrant's English stopwords without the apostrophe forms (which the word tokenizer never yields whole), to state the
# statistics of the text the index sees with `stopwords: english`
# (qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/stop_words/english.rs).
ENGLISH_STOPWORDS = set(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it "
    "its itself they them their theirs themselves what which who whom this that these those am is are was were be been "
    "being have has had having do does did doing a an the and but if or because as until while of at by for with about "
    "against between into through during before after above below to from up down in out on off over under again "
    "further then once here there when where why how all any both each few more most other some such no nor not only "
    "own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn "
    "haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn".split()
)


def prefix_tokens(words: list[str], lo: int | None, hi: int | None) -> list[str]:
    """Qdrant's PrefixTokenizer on split, lowercased words (qdrant-edge 0.9.0 crate, src/segment/index/field_index/
    full_text_index/tokenizers/mod.rs; the same in v1.19.0): a word of fewer than min_token_len characters is dropped
    (TokensProcessor::process_token), else its prefixes of min_token_len (default 1) to min(max_token_len, its length)
    characters, the word itself the last when it is not longer than max_token_len."""
    m = 1 if lo is None else lo
    out = []
    for w in words:
        if lo is not None and len(w) < lo:
            continue
        out.extend(w[:L] for L in range(m, min(len(w), hi if hi is not None else len(w)) + 1))
    return out


def text_stats(case: dict, payloads: list[dict]) -> dict:
    """What the index sees: tokens per document (repeats included) and the distinct tokens and their mean bytes, after
    the case's stopwords; with the prefix tokenizer every prefix of a word (min_token_len to max_token_len) is a token."""
    spec = case["indexes"][0]
    docs = [p["title"].split() for p in payloads]
    if spec.get("stopwords") == "English" and not case["data"].startswith("wordfreq-"):
        docs = [[w for w in d if w not in ENGLISH_STOPWORDS] for d in docs]
    elif spec.get("stopwords"):
        stop = language_stopwords(spec["stopwords"])
        docs = [[w for w in d if w not in stop] for d in docs]
    words = {}
    if spec.get("tokenizer") == "Prefix":
        # The words the prefixes come from (after stopwords): what a user gives qsize for a prefix index.
        words = {"index_words_per_doc_mean": statistics.fmean(len(d) for d in docs), "index_distinct_words": len({w for d in docs for w in d})}
        docs = [prefix_tokens(d, spec.get("min_token_len"), spec.get("max_token_len")) for d in docs]
    vocab = {w for d in docs for w in d}
    # The posting lists the index builds (one per token, the documents holding it): their full 128-id chunks (bit-packed)
    # and the ids left after the last one (stored as plain u32; qdrant-edge 0.9.0 crate, src/posting_list/builder.rs).
    df: dict[str, int] = {}
    for d in docs:
        for w in set(d):
            df[w] = df.get(w, 0) + 1
    return {"index_tokens_per_doc_mean": statistics.fmean(len(d) for d in docs), "index_distinct_tokens": len(vocab),
            "index_distinct_token_bytes_mean": statistics.fmean(len(w.encode()) for w in vocab),
            "index_posting_full_chunks": sum(f // 128 for f in df.values()), "index_posting_remainder_ids": sum(f % 128 for f in df.values()),
            **words}


def _dedup(words):
    seen, out = set(), []
    for w in words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def vocabulary(size: int, seed: int) -> list[str]:
    """Function words first, then unique pseudo-words whose length grows with the rank (frequent words are short)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    words = _dedup(FUNCTION_WORDS)
    seen = set(words)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    r = len(words)
    while len(words) < size:
        r += 1
        mean = 3.0 + 1.6 * np.log10(r)  # ~5 letters at rank 100, ~8 at rank 10^4
        n = int(np.clip(round(rng.normal(mean, 1.5)), 2, 14))
        w = "".join(rng.choice(letters, n))
        if w in seen:
            continue
        seen.add(w)
        words.append(w)
    return words


LANGUAGE_DIR = HERE.parent.parent / "data" / "language"


def wordfreq_words(code: str) -> Path:
    """English: the 100,000 most frequent words (committed); another language: every word of its list, written by
    `wordfreq_prefixes.py <language> --all-words <language>` into test/calibration/.work/ (100,000 words hold only 95-97%
    of German's and Russian's running text: wordfreq_prefixes.py says why)."""
    if code == "en":
        return LANGUAGE_DIR / "wordfreq-en-3.1.1-top100k.tsv.gz"
    path = HERE / ".work" / f"wordfreq-{code}-3.1.1-all.tsv.gz"
    if not path.exists():
        raise FileNotFoundError(f"{path}: run wordfreq_prefixes.py with --all-words for language code {code}")
    return path


def language_stopwords(language: str) -> set[str]:
    """Qdrant's stopword list of a language (Language enum name, "German"), the entries a word can equal, as
    wordfreq_prefixes.py read it from qdrant@v1.19.0 stop_words/<language>.rs into the language's JSON."""
    for f in LANGUAGE_DIR.glob("wordfreq-*-3.1.1.json"):
        j = json.loads(f.read_text())
        if j.get("language") == language.lower():
            return set(j["stopwords"])
    raise ValueError(f"no stopword list for {language}")


class WordfreqGen:
    """Text in one language: words drawn independently from the frequencies of the language's words (wordfreq 3.1.1,
    wordfreq_words: English's 100,000 most frequent, another language's whole list), titles of 8-15 words and
    paragraphs as TextGen's."""

    def __init__(self, seed: int, code: str = "en"):
        import gzip

        import numpy as np

        self.np = np
        rows = [line.split("\t") for line in gzip.decompress(wordfreq_words(code).read_bytes()).decode().splitlines()]
        self.words = np.array([w for w, _ in rows])
        p = np.array([float(f) for _, f in rows])
        self.cdf = np.cumsum(p / p.sum())
        self.rng = np.random.default_rng(seed + 1)

    def docs(self, kind: str, n: int) -> list[str]:
        np = self.np
        lens = TextGen.lengths(self, kind, n)
        idx = np.minimum(np.searchsorted(self.cdf, self.rng.random(int(lens.sum()))), len(self.words) - 1)
        out, pos = [], 0
        for L in lens:
            out.append(" ".join(self.words[idx[pos:pos + L]]))
            pos += L
        return out


class TextGen:
    def __init__(self, vocab_size: int, s: float, seed: int):
        import numpy as np

        self.np = np
        self.words = np.array(vocabulary(vocab_size, seed))
        p = 1.0 / np.arange(1, vocab_size + 1) ** s
        self.cdf = np.cumsum(p / p.sum())
        self.rng = np.random.default_rng(seed + 1)

    def lengths(self, kind: str, n: int):
        np = self.np
        if kind == "title":
            return self.rng.integers(8, 16, n)
        if kind == "para":
            return np.clip(np.round(self.rng.lognormal(np.log(110), 0.35, n)), 50, 200).astype(int)
        raise ValueError(kind)

    def docs(self, kind: str, n: int) -> list[str]:
        np = self.np
        lens = self.lengths(kind, n)
        idx = np.searchsorted(self.cdf, self.rng.random(int(lens.sum())))
        idx = np.minimum(idx, len(self.words) - 1)
        out, pos = [], 0
        for L in lens:
            out.append(" ".join(self.words[idx[pos:pos + L]]))
            pos += L
        return out


def gen_payloads(case: dict, n: int) -> list[dict]:
    """The payload of every point (deterministic for the case's data key)."""
    import numpy as np

    rng = np.random.default_rng(SEED + 7)
    kind = case["data"]
    if kind.startswith("wordfreq-"):
        parts = kind.split("-")  # wordfreq-title (English), wordfreq-title-de
        return [{"title": t} for t in WordfreqGen(SEED, parts[2] if len(parts) > 2 else "en").docs(parts[1], n)]
    if kind.startswith("text-"):
        _, doc, vs, s = kind.split("-")  # text-title-50000-1.07
        g = TextGen(int(vs), float(s), SEED)
        return [{"title": t} for t in g.docs(doc, n)]
    if kind == "scalars":
        base = _dt.datetime(2020, 1, 1, tzinfo=_dt.timezone.utc)
        secs = rng.integers(0, 5 * 365 * 86400, n)
        return [{
            "price_f": float(rng.random() * 1000.0),
            "flag": bool(rng.integers(0, 2)),
            "loc": {"lat": float(rng.uniform(-90, 90)), "lon": float(rng.uniform(-180, 180))},
            "ts": (base + _dt.timedelta(seconds=int(secs[i]))).isoformat().replace("+00:00", "Z"),
            "uid": str(_uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | i, version=4)),
        } for i in range(n)]
    if kind == "nested":
        ks = rng.integers(1, 8, n)  # 1..7 elements, mean 4
        return [{"offers": [{"sku": f"sku_{int(rng.integers(0, 500))}", "qty": int(rng.integers(0, 1_000_000))}
                            for _ in range(int(k))]} for k in ks]
    if kind == "nested-all":
        # every other index type inside the array elements (own generator: the "nested" data above stay as recorded)
        r2 = np.random.default_rng(SEED + 11)
        base = _dt.datetime(2020, 1, 1, tzinfo=_dt.timezone.utc)
        words = [f"w{j}" for j in range(2000)]
        out = []
        for i in range(n):
            els = []
            for _ in range(int(r2.integers(1, 8))):  # 1..7 elements, mean 4
                els.append({
                    "price": float(r2.random() * 1000.0), "ok": bool(r2.integers(0, 2)),
                    "loc": {"lat": float(r2.uniform(-90, 90)), "lon": float(r2.uniform(-180, 180))},
                    "ts": (base + _dt.timedelta(seconds=int(r2.integers(0, 5 * 365 * 86400)))).isoformat().replace("+00:00", "Z"),
                    "uid": str(_uuid.UUID(int=int(r2.integers(0, 2**63)) << 64 | i, version=4)),
                    "note": " ".join(words[int(j)] for j in r2.integers(0, 2000, 3)),
                })
            out.append({"offers": els})
        return out
    if kind.startswith("nested-text-"):
        # nested-text-50000-1.07: 1-7 elements per point (mean 4), each element's "note" one title of TextGen's Zipf
        # text (the text of the text- cases, vocabulary and exponent from the key), for the nested text index at the
        # text model's bars (s34: nested-all's notes are uniform words, not Zipf text)
        _, _, vs, s = kind.split("-")
        r2 = np.random.default_rng(SEED + 13)
        ks = r2.integers(1, 8, n)
        notes = iter(TextGen(int(vs), float(s), SEED).docs("title", int(ks.sum())))
        return [{"offers": [{"note": next(notes)} for _ in range(int(k))]} for k in ks]
    if kind == "none":
        return [None] * n
    raise ValueError(kind)


def field_schema(q, spec: dict):
    t = spec["type"]
    common = {}
    if spec.get("nested"):
        common["nested"] = spec["nested"]
    # `memory` ("Pinned", "Cached", "Cold") and `on_disk`: where a loaded index is served from (edge_nested_maps.py)
    if spec.get("memory"):
        common["memory"] = getattr(q.Memory, spec["memory"])
    if spec.get("on_disk"):
        common["on_disk"] = True
    if t == "keyword":
        return q.KeywordIndexParams(**common)
    if t == "integer":
        return q.IntegerIndexParams(lookup=True, range=True, **common)
    if t == "float":
        return q.FloatIndexParams(**common)
    if t == "bool":
        return q.BoolIndexParams(**common)
    if t == "geo":
        return q.GeoIndexParams(**common)
    if t == "datetime":
        return q.DatetimeIndexParams(**common)
    if t == "uuid":
        return q.UuidIndexParams(**common)
    if t == "text":
        kw = dict(common)
        if spec.get("tokenizer"):
            kw["tokenizer"] = getattr(q.TokenizerType, spec["tokenizer"])
        if spec.get("stopwords"):
            kw["stopwords"] = getattr(q.Language, spec["stopwords"])
        if spec.get("scoring"):
            kw["scoring"] = True
        if spec.get("min_token_len"):
            kw["min_token_len"] = spec["min_token_len"]
        if spec.get("max_token_len"):
            kw["max_token_len"] = spec["max_token_len"]
        if spec.get("phrase_matching"):
            kw["phrase_matching"] = True
        return q.TextIndexParams(**kw)
    raise ValueError(t)


def vectors(n: int, d: int):
    import numpy as np

    rng = np.random.default_rng(SEED)
    centres = rng.normal(size=(64, d))
    x = centres[rng.integers(0, 64, n)] + 0.35 * rng.normal(size=(n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def child_build(case: dict, path: Path, with_index: bool) -> dict:
    import qdrant_edge as q

    n, d = case["n"], case["d"]
    cfg = edge_config(q, d, fst_kb=case.get("fst", 10_000), payload_m=case.get("payload_m"), m=case.get("m", 16))
    schemas = [(spec["field"], field_schema(q, spec)) for spec in case["indexes"]] if with_index else []
    x = vectors(n, d)
    payloads = gen_payloads(case, n)
    stats = {}
    if case["data"].startswith(("text-", "wordfreq-")):
        toks = [len(p["title"].split()) for p in payloads]
        stats = {"tokens_per_doc_mean": statistics.fmean(toks), "doc_bytes_mean": statistics.fmean(len(p["title"]) for p in payloads)}
        stats["distinct_tokens_in_corpus"] = len({w for p in payloads for w in p["title"].split()})
        stats["distinct_tokens_per_doc_mean"] = statistics.fmean(len(set(p["title"].split())) for p in payloads)
        vocab = {w for p in payloads for w in p["title"].split()}
        stats["distinct_token_bytes_mean"] = statistics.fmean(len(w.encode()) for w in vocab)
        stats.update(text_stats(case, payloads))
    elif case["data"].startswith("nested-text-"):
        # what the index sees: every element's note is a document (the nested index's "points" are the elements)
        els = [{"title": o["note"]} for p in payloads for o in p["offers"]]
        stats = {"elements_per_point_mean": statistics.fmean(len(p["offers"]) for p in payloads), **text_stats(case, els)}
    elif case["data"] in ("nested", "nested-all"):
        stats = {"elements_per_point_mean": statistics.fmean(len(p["offers"]) for p in payloads),
                 "distinct_sku": len({o["sku"] for p in payloads for o in p["offers"] if "sku" in o})}
    # `values: k` (s38): each title split into k values of consecutive words (a text array; the statistics above are per
    # point, all its values)
    if case.get("values"):
        def split(t: str, k: int = case["values"]) -> list[str]:
            w = t.split()
            h = -(-len(w) // k)
            return [" ".join(w[i:i + h]) for i in range(0, len(w), h)]
        payloads = [{"title": split(p["title"])} for p in payloads]
        stats["values_per_point_mean"] = statistics.fmean(len(p["title"]) for p in payloads)
    # `optimize: False`: no optimize(), the points stay in the appendable segment (its mutable indexes; scan_main's
    # main segment is then that one, the largest)
    secs = build_optimized(q, path, cfg, schemas, n, lambda i: q.Point(i, x[i].tolist(), payloads[i]), optimize=case.get("optimize", True))
    seg = scan_main(path)
    # The graph's level 0, decoded (links per point, bytes per record): what the payload sub-graphs add to it.
    level0 = None
    for lf in path.glob("segments/*/vector_index/links_compressed.bin"):
        from decode_links import decode
        dl = decode(str(lf))
        if dl.get("levels_detail") and dl["point_count"] == case["n"]:
            l0 = dl["levels_detail"][0]
            level0 = {"deg0": l0["avg_links"], "avg_record_bytes": l0["avg_record_bytes"],
                      "avg_bits_per_link": l0["avg_bits_per_link"], "max_links": l0["max_links"]}
    # <id>-<field>-<kind>/ directories: keyed by <field>-<kind>; files directly under payload_index/ by their name.
    per_entry = payload_index_sums(seg["main"], lambda parts: parts[3].split("-", 1)[-1] if len(parts) > 4 else parts[3])
    main = seg["main"]
    st = proc_status()
    return {"optimize_seconds": secs, "build_peak_VmHWM_bytes": st.get("VmHWM_bytes"),
            "vector_index_files": [f for f in main if f["path"].split("/")[2] == "vector_index"], "segments": len(seg["files"]["segments"]), "links_bytes": seg["links_bytes"],
            "links_level0": level0, "data_stats": stats, "payload_index_by_entry": per_entry,
            "payload_index_files": [f for f in main if f["path"].split("/")[2] == "payload_index"]}


def child_load(case: dict, path: Path) -> dict:
    import numpy as np  # noqa: F401  (before the baseline)
    import qdrant_edge as q

    qs = [q.Query.Nearest(v.tolist()) for v in vectors(20, case["d"])]
    malloc_trim()
    before = proc_status()
    shard = q.EdgeShard.load(str(path), None)
    for qq in qs:
        shard.search(q.SearchRequest(query=qq, limit=10))
    malloc_trim()
    after = proc_status()
    shard.close()
    return {"growth_RssAnon_bytes": after["RssAnon_bytes"] - before["RssAnon_bytes"],
            "growth_RssFile_bytes": after["RssFile_bytes"] - before["RssFile_bytes"]}


def run_child(mode: str, case: dict, path: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, json.dumps(case), str(path)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=7200)
    if p.returncode != 0:
        raise RuntimeError(f"{mode}: exit {p.returncode}: {p.stderr[-1500:]}")
    for line in reversed(p.stdout.splitlines()):
        if line.startswith("@@RESULT@@"):
            return json.loads(line[len("@@RESULT@@"):])
    raise RuntimeError(f"{mode}: no result: {p.stderr[-1500:]}")


def measure(case: dict, root: Path) -> dict:
    shard, twin = root / case["id"], root / (case["id"] + "-noindex")
    res = {"case": case, "build": run_child("build", case, shard)}
    res["build_noindex"] = run_child("build-noindex", case, twin)
    if case.get("heap", True):
        g, e = [], []
        for _ in range(LOAD_REPEATS):
            g.append(run_child("load", case, shard)["growth_RssAnon_bytes"])
            e.append(run_child("load", case, twin)["growth_RssAnon_bytes"])
        res["load_growth_RssAnon_bytes"] = {"indexed": g, "noindex": e}
        res["index_live_heap_bytes"] = int(statistics.median(g) - statistics.median(e))
    res["links_bytes_indexed"] = res["build"]["links_bytes"]
    res["links_bytes_noindex"] = res["build_noindex"]["links_bytes"]
    shutil.rmtree(shard, ignore_errors=True)
    shutil.rmtree(twin, ignore_errors=True)
    return res


def text_case(cid, doc, n, heap=True, **spec):
    return {"id": cid, "n": n, "d": 16, "payload_m": 0, "data": f"text-{doc}-50000-1.07", "heap": heap,
            "indexes": [{"field": "title", "type": "text", **spec}]}


def wordfreq_case(cid, doc, n, heap=True, code="en", **spec):
    data = f"wordfreq-{doc}" if code == "en" else f"wordfreq-{doc}-{code}"
    return {"id": cid, "n": n, "d": 16, "payload_m": 0, "data": data, "heap": heap,
            "indexes": [{"field": "title", "type": "text", **spec}]}


CASES = [
    # full-text index (word tokenizer, lowercase, no stopwords: Qdrant's defaults), without and with BM25
    text_case("text-title-20k", "title", 20_000),
    text_case("text-title-20k-bm25", "title", 20_000, scoring=True),
    text_case("text-title-100k", "title", 100_000),
    text_case("text-title-100k-bm25", "title", 100_000, scoring=True),
    text_case("text-para-20k", "para", 20_000),
    text_case("text-para-20k-bm25", "para", 20_000, scoring=True),
    text_case("text-para-100k-bm25", "para", 100_000, heap=False, scoring=True),
    text_case("text-para-20k-stopwords", "para", 20_000, stopwords="English"),
    text_case("text-title-20k-prefix", "title", 20_000, tokenizer="Prefix"),
    # phrase matching (s37): the token positions kept in postings.dat, which qsize does not size yet (docs/accuracy.md)
    text_case("text-title-20k-phrase", "title", 20_000, phrase_matching=True),
    # s38: the appendable (mutable) text index, not optimized: its gridstore of tokenized documents, and the positions
    # phrase matching keeps there (the ordered tokens, repeats kept) and on the heap (point_to_doc)
    {**text_case("text-title-20k-appendable", "title", 20_000), "optimize": False},
    {**text_case("text-title-20k-phrase-appendable", "title", 20_000, phrase_matching=True), "optimize": False},
    # the same titles as two values each: the separator token phrase matching puts between them in the mutable index
    {**text_case("text-title-20k-2values-appendable", "title", 20_000), "optimize": False, "values": 2},
    {**text_case("text-title-20k-2values-phrase-appendable", "title", 20_000, phrase_matching=True), "optimize": False, "values": 2},
    # English text drawn from wordfreq's frequencies: the prefix tokenizer whose counts qsize derives from the words
    # (src/model/prefix-tokens.ts), with the word tokenizer on the same text as the control
    wordfreq_case("wf-title-20k-word", "title", 20_000),
    wordfreq_case("wf-title-20k-prefix", "title", 20_000, tokenizer="Prefix"),
    wordfreq_case("wf-title-20k-prefix-2-6", "title", 20_000, tokenizer="Prefix", min_token_len=2, max_token_len=6),
    wordfreq_case("wf-title-100k-prefix", "title", 100_000, heap=False, tokenizer="Prefix"),
    wordfreq_case("wf-para-10k-prefix-3-10", "para", 10_000, tokenizer="Prefix", min_token_len=3, max_token_len=10),
    wordfreq_case("wf-title-20k-prefix-stopwords", "title", 20_000, tokenizer="Prefix", stopwords="English"),
    # the same in German, Russian, French, Spanish and Polish (their own wordfreq tables: src/model/prefix-languages.generated.ts); the
    # language given to qsize as `language`, or, with stopwords, taken from the stopwords
    wordfreq_case("wf-de-title-20k-prefix", "title", 20_000, code="de", tokenizer="Prefix"),
    wordfreq_case("wf-de-title-20k-prefix-2-6", "title", 20_000, code="de", tokenizer="Prefix", min_token_len=2, max_token_len=6),
    wordfreq_case("wf-de-para-10k-prefix-3-10", "para", 10_000, code="de", tokenizer="Prefix", min_token_len=3, max_token_len=10),
    wordfreq_case("wf-de-title-20k-prefix-stopwords", "title", 20_000, code="de", tokenizer="Prefix", stopwords="German"),
    wordfreq_case("wf-ru-title-20k-prefix", "title", 20_000, code="ru", tokenizer="Prefix"),
    wordfreq_case("wf-ru-title-20k-prefix-2-6", "title", 20_000, code="ru", tokenizer="Prefix", min_token_len=2, max_token_len=6),
    wordfreq_case("wf-ru-para-10k-prefix-3-10", "para", 10_000, code="ru", tokenizer="Prefix", min_token_len=3, max_token_len=10),
    wordfreq_case("wf-ru-title-20k-prefix-stopwords", "title", 20_000, code="ru", tokenizer="Prefix", stopwords="Russian"),
    wordfreq_case("wf-fr-title-20k-prefix", "title", 20_000, code="fr", tokenizer="Prefix"),
    wordfreq_case("wf-fr-title-20k-prefix-stopwords", "title", 20_000, code="fr", tokenizer="Prefix", stopwords="French"),
    wordfreq_case("wf-es-title-20k-prefix-2-6", "title", 20_000, code="es", tokenizer="Prefix", min_token_len=2, max_token_len=6),
    wordfreq_case("wf-pl-title-20k-prefix", "title", 20_000, code="pl", tokenizer="Prefix"),
    # Portuguese, Italian and Dutch (tabled since s28, measured since s29): the cheap title cases, two with Qdrant's list
    wordfreq_case("wf-pt-title-20k-prefix", "title", 20_000, code="pt", tokenizer="Prefix"),
    wordfreq_case("wf-pt-title-20k-prefix-stopwords", "title", 20_000, code="pt", tokenizer="Prefix", stopwords="Portuguese"),
    wordfreq_case("wf-it-title-20k-prefix-2-6", "title", 20_000, code="it", tokenizer="Prefix", min_token_len=2, max_token_len=6),
    wordfreq_case("wf-it-title-20k-prefix-stopwords", "title", 20_000, code="it", tokenizer="Prefix", stopwords="Italian"),
    wordfreq_case("wf-nl-title-20k-prefix", "title", 20_000, code="nl", tokenizer="Prefix"),
    # 100,000 Russian titles: the prefix laws per length (the language's rank shapes, s29) at another corpus size
    wordfreq_case("wf-ru-title-100k-prefix", "title", 100_000, heap=False, code="ru", tokenizer="Prefix"),
    # every other index type, one config each (keyword and integer: data/calibration/payload-indexed.json)
    {"id": "float-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "scalars", "indexes": [{"field": "price_f", "type": "float"}]},
    {"id": "bool-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "scalars", "indexes": [{"field": "flag", "type": "bool"}]},
    {"id": "geo-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "scalars", "indexes": [{"field": "loc", "type": "geo"}]},
    {"id": "datetime-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "scalars", "indexes": [{"field": "ts", "type": "datetime"}]},
    {"id": "uuid-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "scalars", "indexes": [{"field": "uid", "type": "uuid"}]},
    # s41: every other index type in an appendable segment (not optimized): each a mutable index over a gridstore of
    # one value per point (a CBOR string array for keyword, 8-16 B numbers for the others; bool two dynamic flag files)
    *({"id": f"{t}-20k-appendable", "n": 20_000, "d": 16, "payload_m": 0, "data": "scalars", "optimize": False,
       "indexes": [{"field": f, "type": t}]}
      for t, f in (("float", "price_f"), ("bool", "flag"), ("geo", "loc"), ("datetime", "ts"), ("uuid", "uid"))),
    *({"id": f"array-{t}-20k-appendable", "n": 20_000, "d": 16, "payload_m": 0, "data": "nested", "optimize": False,
       "indexes": [{"field": f"offers[].{f}", "type": t}]}
      for t, f in (("keyword", "sku"), ("integer", "qty"))),
    # nested (array-element) indexes, 1-7 elements per point (mean 4)
    {"id": "nested-keyword-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "nested",
     "indexes": [{"field": "offers[].sku", "type": "keyword", "nested": "offers"}]},
    {"id": "nested-integer-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "nested",
     "indexes": [{"field": "offers[].qty", "type": "integer", "nested": "offers"}]},
    {"id": "array-keyword-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "nested",
     "indexes": [{"field": "offers[].sku", "type": "keyword"}]},
    # the other nested types (s34: measured before modelled; 1-7 elements per point, mean 4, data "nested-all")
    *({"id": f"nested-{t}-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "nested-all",
       "indexes": [{"field": f"offers[].{f}", "type": t, "nested": "offers"}]}
      for t, f in (("float", "price"), ("bool", "ok"), ("geo", "loc"), ("datetime", "ts"), ("uuid", "uid"), ("text", "note"))),
    # m = 0 (no dense graph) with payload_m = 16: the payload sub-graphs alone (s34). The field and data of
    # array-keyword-50k (each of the 500 SKUs held by about 400 points), at full_scan_threshold 100 KB (t = 200 points
    # of 128-d) so that every value gets a block; the twin has no index, so no graph: its heap difference is the
    # keyword index (array-keyword-50k's) plus the graph.
    {"id": "m0-payloadm16-keyword-50k", "n": 50_000, "d": 128, "m": 0, "payload_m": 16, "fst": 100, "data": "nested",
     "indexes": [{"field": "offers[].sku", "type": "keyword"}]},
    # m = 0 and no payload index (s34b): the links file the engine still writes (a header and the offsets of n points with
    # no links) and graph.bin, at two more sizes beside m0-payloadm16-keyword-50k's twin (50,000 points): the per-point
    # and fixed parts apart. The shard and its twin are the same (no index).
    *({"id": f"m0-noindex-{k}k", "n": k * 1000, "d": 128, "m": 0, "payload_m": 16, "fst": 100, "data": "nested", "heap": False,
       "indexes": []} for k in (20, 100)),
    # the nested text index on the Zipf text the text model describes (s34b): notes of 8-15 words of text-title's text
    {"id": "nested-text-zipf-50k", "n": 50_000, "d": 16, "payload_m": 0, "data": "nested-text-50000-1.07",
     "indexes": [{"field": "offers[].note", "type": "text", "nested": "offers"}]},
    # s38: the same with phrase_matching (each element its own document: positions, no separator expected)
    {"id": "nested-text-zipf-50k-phrase", "n": 50_000, "d": 16, "payload_m": 0, "data": "nested-text-50000-1.07",
     "indexes": [{"field": "offers[].note", "type": "text", "nested": "offers", "phrase_matching": True}]},
    # payload sub-graphs of a text field (128-d, default payload_m): links with and without the field indexed
    {"id": "links-text-title-20k-fst10", "n": 20_000, "d": 128, "fst": 10, "data": "text-title-50000-1.07", "heap": False,
     "indexes": [{"field": "title", "type": "text"}]},
    {"id": "links-text-title-20k-fst100", "n": 20_000, "d": 128, "fst": 100, "data": "text-title-50000-1.07", "heap": False,
     "indexes": [{"field": "title", "type": "text"}]},
    {"id": "links-text-title-50k-fst1000", "n": 50_000, "d": 128, "fst": 1000, "data": "text-title-50000-1.07", "heap": False,
     "indexes": [{"field": "title", "type": "text"}]},
    # the same vectors with a float field's range blocks (every point in two): how many links a block keeps on these
    # data, whatever the field type (docs/accuracy.md, "Payload sub-graphs")
    {"id": "links-float-50k-fst1000", "n": 50_000, "d": 128, "fst": 1000, "data": "scalars", "heap": False,
     "indexes": [{"field": "price_f", "type": "float"}]},
]


def _edge_version(qdrant_edge) -> str:
    """The installed wheel's version (0.7.2 has no __version__; until s42 such runs were labelled 0.9.0)."""
    try:
        import importlib.metadata as md
        return md.version("qdrant-edge-py")
    except Exception:  # noqa: BLE001
        return getattr(qdrant_edge, "__version__", "unknown")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, case, path = sys.argv[2], json.loads(sys.argv[3]), Path(sys.argv[4])
        if mode in ("build", "build-noindex"):
            r = child_build(case, path, mode == "build")
        else:
            r = child_load(case, path)
        print("@@RESULT@@" + json.dumps(r), flush=True)
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--restat":
        # Add the generator's statistics to recorded cases (deterministic data: no rebuild).
        out = json.loads(OUT.read_text())
        for cid, r in out["cases"].items():
            if "build" in r and r["case"]["data"].startswith(("text-", "wordfreq-")):
                pl = gen_payloads(r["case"], r["case"]["n"])
                vocab = {w for p in pl for w in p["title"].split()}
                r["build"]["data_stats"]["distinct_token_bytes_mean"] = statistics.fmean(len(w.encode()) for w in vocab)
                r["build"]["data_stats"].update(text_stats(r["case"], pl))
        OUT.write_text(json.dumps(out, indent=1) + "\n")
        return
    import qdrant_edge

    only = set(sys.argv[1].split(",")) if len(sys.argv) > 1 else None
    prev = json.loads(OUT.read_text()) if OUT.exists() else {"cases": {}}
    # The file's machine is the first run's; each case measured records its own (cases of several runs share the file).
    out = {"engine": {"qdrant_edge_py": _edge_version(qdrant_edge)}, "machine": prev.get("machine") or machine_info(),
           "script": "test/calibration/edge_payload_v1_20.py", "cases": prev.get("cases", {})}
    root = Path(tempfile.mkdtemp(prefix="qsize-edge-payload-"))
    try:
        todo = [c for c in CASES if (c["id"] in only if only else c["id"] not in out["cases"])]
        for i, case in enumerate(todo):
            print(f"[{i + 1}/{len(todo)}] {case['id']} ...", flush=True)
            t0 = time.time()
            try:
                r = measure(case, root)
            except Exception as e:  # noqa: BLE001
                r = {"case": case, "error": f"{type(e).__name__}: {e}"}
            r["date_utc"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
            # the command that measured the case (s38 on)
            r["command"] = " ".join(["nice -n 10", sys.executable, "test/calibration/edge_payload_v1_20.py", *sys.argv[1:]])
            r["machine"] = machine_info()
            out["cases"][case["id"]] = r
            OUT.parent.mkdir(parents=True, exist_ok=True)
            OUT.write_text(json.dumps(out, indent=1) + "\n")
            print(f"   done in {time.time() - t0:.0f}s: {r.get('error') or r['build']['payload_index_by_entry']}", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
