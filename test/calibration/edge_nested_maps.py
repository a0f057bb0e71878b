#!/usr/bin/env python3
"""Memory maps of nested (array-element) payload indexes on qdrant-edge-py 0.9.0 (the 1.20 engine; the v1.19.0 server has
no `nested` index parameter), s35 and s37.

One shard of 5,000 points (16-d), each index twice: with `nested: "offers"` (element maps beside each component,
`<component>-elements/`) and on the same values copied under `plain` without `nested` (a plain multi-value index on an
array element path), under other names. Two sets:

- `keyword-integer` (s35, nested-maps-0.9.0.json): the `nested` data of edge_payload_v1_20.py (1-7 `offers` elements
  a point, each {sku, qty}); `offers[].sku` keyword and `offers[].qty` integer (lookup and range).
- `all-types` (s37, nested-maps-all-types-0.9.0.json): the `nested-all` data of edge_payload_v1_20.py (1-7 elements a
  point, each {price, ok, loc, ts, uid, note}, the data of the nested-<type>-50k cases); every other type the engine
  takes as nested: float `price`, bool `ok`, geo `loc`, datetime `ts`, uuid `uid`, text `note` (word tokenizer, the
  defaults) and text `bm` (a copy of `note`, with BM25 `scoring`: its term frequencies and document lengths are files
  of their own); and, on more copies of `note`, text indexes by where they are served from (`memory` cold / cached,
  `on_disk: true`; a nested one cold), BM25 cold, phrase matching pinned and cold, and a keyword (`uid`) cold. Each
  index is first created alone on an empty shard: a type the engine refuses is recorded with its error (`refused`;
  it would then stop the build: take it out of SETS to measure the others).

- `phrase-arrays` (s37, phrase-arrays-0.9.0.json): 1,000 points, four words unique to each (`x<i> y<i> z<i> w<i>`) as
  one string, as two values of two words and as four values of one word, each with `phrase_matching`, and the string
  without it: what the positions cost in postings.dat, and what a field of several values adds.

The shards:
- (a) built, optimized into one segment and flushed (edge_segment.build_optimized), then loaded in a fresh process
  (EdgeShard.load): the optimized segment (`indexed/...`), and the empty appendable segment the optimizer leaves
  beside it (`appendable/...`; the s35 measurement);
- (b) (all-types only) the same points upserted with no optimize(): one appendable segment holding them all, loaded
  in a fresh process (`filled/...`: the mutable indexes with data).
/proc/self/maps is counted per file right after the load and summed per payload index folder (`<hash>-<field>-<kind>`;
a folder with files and no map is listed with 0); all-types counts again after one full-text count query per text
field (`maps_added_by_text_queries`: files mapped only once queried) and records every file of every payload index
folder with its apparent and allocated bytes (`index_files`). keyword-integer writes the s35 layout (maps per folder
without the zeros, `files_per_index_folder` counts), which it reproduces.

  /work/venv-090/bin/python test/calibration/edge_nested_maps.py data/calibration/v1.20-structures/nested-maps-0.9.0.json
  /work/venv-090/bin/python test/calibration/edge_nested_maps.py data/calibration/v1.20-structures/nested-maps-all-types-0.9.0.json all-types
  /work/venv-090/bin/python test/calibration/edge_nested_maps.py data/calibration/v1.20-structures/phrase-arrays-0.9.0.json phrase-arrays
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from edge_payload_v1_20 import field_schema, gen_payloads, vectors  # noqa: E402
from edge_segment import build_optimized, edge_config  # noqa: E402

N, D = 5_000, 16
SETS = {
    "keyword-integer": {
        "data": "nested",
        "indexes": [{"field": "offers[].sku", "type": "keyword", "nested": "offers"},
                    {"field": "offers[].qty", "type": "integer", "nested": "offers"},
                    {"field": "plain[].sku", "type": "keyword"}, {"field": "plain[].qty", "type": "integer"}],
        "filled": False,
    },
    "all-types": {
        "data": "nested-all",
        # element keys with distinct first letters: the folder names keep the field's first letters (offers_p, offers_o, ...)
        "indexes": [*({"field": f"offers[].{f}", "type": t, "nested": "offers", **x} for t, f, x in (
                        ("float", "price", {}), ("bool", "ok", {}), ("geo", "loc", {}), ("datetime", "ts", {}),
                        ("uuid", "uid", {}), ("text", "note", {}), ("text", "bm", {"scoring": True}))),
                    *({"field": f"plain[].{f}", "type": t, **x} for t, f, x in (
                        ("float", "price", {}), ("bool", "ok", {}), ("geo", "loc", {}), ("datetime", "ts", {}),
                        ("uuid", "uid", {}), ("text", "note", {}), ("text", "bm", {"scoring": True}))),
                    # where the text index is served from (`memory`; `on_disk: true` is `cold`), BM25 and phrase matching
                    # served from disk, and a keyword served from disk beside them: copies of `note` (and `uid`)
                    {"field": "offers[].cold", "type": "text", "nested": "offers", "memory": "Cold"},
                    {"field": "plain[].cold", "type": "text", "memory": "Cold"},
                    {"field": "plain[].kached", "type": "text", "memory": "Cached"},
                    {"field": "plain[].ondisk", "type": "text", "on_disk": True},
                    {"field": "plain[].bcold", "type": "text", "scoring": True, "memory": "Cold"},
                    {"field": "plain[].phrase", "type": "text", "phrase_matching": True},
                    {"field": "plain[].pcold", "type": "text", "phrase_matching": True, "memory": "Cold"},
                    {"field": "plain[].wcold", "type": "keyword", "memory": "Cold"}],
        "filled": True,
    },
    # s37: what phrase matching stores for a multi-valued text field. Four words unique to each point, as one string
    # (`one`), two values of two words (`two`) and four values of one word (`four`); `plain` without positions.
    "phrase-arrays": {
        "data": "phrase-arrays",
        "indexes": [{"field": "one", "type": "text", "phrase_matching": True},
                    {"field": "two", "type": "text", "phrase_matching": True},
                    {"field": "four", "type": "text", "phrase_matching": True},
                    {"field": "plain", "type": "text"}],
        "filled": False,
        "points": 1_000,
    },
}
def points_of(kind: str) -> int:
    return SETS[kind].get("points", N)


FOLDER = re.compile(r"segments/([^/]+)/payload_index/([0-9a-z]{24})-([^/]+)/")


def payloads_of(kind: str) -> list[dict]:
    if kind == "phrase-arrays":
        w = lambda i: [f"x{i}", f"y{i}", f"z{i}", f"w{i}"]  # noqa: E731
        return [{"one": " ".join(w(i)), "two": [" ".join(w(i)[:2]), " ".join(w(i)[2:])], "four": w(i), "plain": " ".join(w(i))}
                for i in range(points_of(kind))]
    payloads = gen_payloads({"data": SETS[kind]["data"]}, N)
    for p in payloads:
        if kind == "all-types":
            for o in p["offers"]:
                # the other text indexes' own fields (one index per field): copies of `note`; a keyword copy of `uid`
                for f in ("bm", "cold", "kached", "ondisk", "bcold", "phrase", "pcold"):
                    o[f] = o["note"]
                o["wcold"] = o["uid"]
        # The plain twins: the same values copied under `plain` (an array of the same objects), no `nested` parameter.
        p["plain"] = [dict(o) for o in p["offers"]]
    return payloads


def build(kind: str, path: Path, optimize: bool) -> None:
    import qdrant_edge as q

    cfg = edge_config(q, D)
    payloads = payloads_of(kind)
    schemas = [(s["field"], field_schema(q, s)) for s in SETS[kind]["indexes"]]
    n = points_of(kind)
    x = vectors(n, D)
    build_optimized(q, path, cfg, schemas, n, lambda i: q.Point(i, x[i].tolist(), payloads[i]), optimize=optimize)


def probe_refusals(kind: str, root: Path) -> dict:
    """Create each index alone on an empty shard: the engine's error, if it refuses one."""
    import qdrant_edge as q

    out = {}
    for i, s in enumerate(SETS[kind]["indexes"]):
        p = root / f"probe-{i}"
        p.mkdir(parents=True)
        try:
            shard = q.EdgeShard.create(str(p), edge_config(q, D))
            shard.update(q.UpdateOperation.create_field_index(s["field"], field_schema(q, s)))
            shard.close()
        except Exception as e:  # noqa: BLE001
            out[s["field"]] = f"{type(e).__name__}: {e}"
        shutil.rmtree(p, ignore_errors=True)
    return out


def maps_of(path: Path) -> dict:
    """This process's maps of files under `path`, per file."""
    by_file = Counter()
    for ln in Path("/proc/self/maps").read_text().splitlines():
        parts = ln.split(None, 5)
        if len(parts) == 6 and parts[5].startswith(str(path)):
            by_file[parts[5][len(str(path)) + 1:]] += 1
    return dict(sorted(by_file.items()))


def load_and_count(path: Path, text_fields: list[str]) -> dict:
    """Maps right after EdgeShard.load, and again after one full-text count query per text field (an index that maps
    its files only when first queried would show then)."""
    import qdrant_edge as q

    shard = q.EdgeShard.load(str(path), None)
    at_load = maps_of(path)
    hits = {}
    for f in text_fields:
        cond = q.FieldCondition(f, match=q.MatchText("w1"))
        hits[f] = shard.count(q.CountRequest(exact=True, filter=q.Filter(must=[cond])))
    after = maps_of(path)
    shard.close()
    return {"at_load": at_load, "after_text_queries": after, "text_query_hits": hits}


def measure(path: Path, prefix_of, text_fields: list[str]) -> dict:
    """Maps per segment and per payload index folder, files per folder (names, apparent and allocated bytes)."""
    p = subprocess.run([sys.executable, __file__, "--count", str(path), json.dumps(text_fields)], capture_output=True, text=True, check=True)
    counted = json.loads(p.stdout.strip().splitlines()[-1])
    by_file = counted["at_load"]
    segs = Counter()
    for k, n in by_file.items():
        if k.startswith("segments/"):
            segs[k.split("/")[1]] += n
    per_folder = Counter()
    for k, n in by_file.items():
        g = FOLDER.match(k)
        if g:
            per_folder[f"{prefix_of(g[1])}/{g[3]}"] += n
    files: dict[str, dict] = {}
    for f in sorted(path.rglob("*")):
        rel = str(f.relative_to(path))
        g = FOLDER.match(rel + ("/" if f.is_dir() else ""))
        if f.is_file() and g:
            st = f.stat()
            e = files.setdefault(f"{prefix_of(g[1])}/{g[3]}", {})
            e[rel[g.end():]] = {"apparent": st.st_size, "allocated": st.st_blocks * 512}
    # a folder with files but no map (the indexed segment's element maps) is listed with 0
    for k in files:
        per_folder.setdefault(k, 0)
    out = {"maps_per_segment": {prefix_of(s): n for s, n in segs.items()},
           "maps_per_index_folder": dict(sorted(per_folder.items())),
           "index_files": dict(sorted(files.items())), "maps_by_file": by_file}
    if text_fields:
        # files mapped after the text queries that were not mapped at load (none expected)
        out["text_query_hits"] = counted["text_query_hits"]
        out["maps_added_by_text_queries"] = {k: n - by_file.get(k, 0) for k, n in counted["after_text_queries"].items() if n != by_file.get(k, 0)}
    return out


def main(out: str, kind: str) -> None:
    from importlib.metadata import version

    spec = SETS[kind]
    root = Path(tempfile.mkdtemp(prefix="edge-nested-maps-"))
    try:
        res = {"engine": {"qdrant_edge_py": version("qdrant-edge-py")},
               "command": f"/work/venv-090/bin/python test/calibration/edge_nested_maps.py {out}" + ("" if kind == "keyword-integer" else f" {kind}"),
               "shape": {"points": points_of(kind), "d": D, "data": spec["data"] if kind == "phrase-arrays" else f"{spec['data']} (edge_payload_v1_20.py gen_payloads: 1-7 offers a point)",
                         "indexes": spec["indexes"]}}
        if kind == "all-types":
            res["shape"]["elements"] = sum(len(p["offers"]) for p in payloads_of(kind))
        if kind != "keyword-integer":
            res["refused"] = json.loads(subprocess.run([sys.executable, __file__, "--probe", kind, str(root)],
                                                       capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
        path = root / "shard"
        subprocess.run([sys.executable, __file__, "--build", kind, str(path), "optimize"], check=True)
        texts = [s["field"] for s in spec["indexes"] if s["type"] == "text"]
        m = measure(path, lambda s: s, [])
        # the optimized segment maps its vector index (links, vectors); the appendable one beside it is empty
        indexed = {k.split("/")[1] for k in m["maps_by_file"] if "/vector_index/" in k}
        name = lambda s: "indexed" if s in indexed else "appendable"  # noqa: E731
        m = measure(path, name, texts)
        if kind == "keyword-integer":
            # the s35 layout of nested-maps-0.9.0.json (file counts per folder, no sizes)
            m["files_per_index_folder"] = {k: len(v) for k, v in m.pop("index_files").items()}
            m["maps_per_index_folder"] = {k: n for k, n in m["maps_per_index_folder"].items() if n > 0}
        res.update(m)
        if spec["filled"]:
            fpath = root / "filled"
            subprocess.run([sys.executable, __file__, "--build", kind, str(fpath), "no-optimize"], check=True)
            res["filled"] = measure(fpath, lambda s: "filled", texts)
        Path(out).write_text(json.dumps(res, indent=1) + "\n")
        print(json.dumps(res["maps_per_index_folder"], indent=1))
        if "filled" in res:
            print(json.dumps(res["filled"]["maps_per_index_folder"], indent=1))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "--count":
        print(json.dumps(load_and_count(Path(sys.argv[2]), json.loads(sys.argv[3]))))
    elif sys.argv[1] == "--probe":
        print(json.dumps(probe_refusals(sys.argv[2], Path(sys.argv[3]))))
    elif sys.argv[1] == "--build":
        build(sys.argv[2], Path(sys.argv[3]), sys.argv[4] == "optimize")
    else:
        main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "keyword-integer")
