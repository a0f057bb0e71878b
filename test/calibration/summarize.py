#!/usr/bin/env python3
"""Print a compact table of the calibration results in data/calibration/*.json.

Usage: python summarize.py [DIR]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIR = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "data" / "calibration"
MiB = 2**20


def g(d, *ks, default=None):
    for k in ks:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def fmt(v, nd=1):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def main():
    rows = []
    for jf in sorted(DIR.glob("*.json")):
        r = json.loads(jf.read_text())
        c, d, b = r["config"], r.get("derived", {}), r.get("build", {})
        n = c["n"]
        gm = g(r, "files", "groups_main_segment", default={})
        ld, el = r.get("load", {}), r.get("load_empty", {})

        def above(stage, key):
            a, e = g(ld, stage, key), g(el, stage, key)
            return None if a is None or e is None else (a - e) / MiB

        peak_anon = g(b, "optimize_peak", "sampled_peak_RssAnon_bytes")
        samples = g(b, "optimize_peak", "samples") or 0
        before_anon = g(b, "rss_before_optimize", "RssAnon_bytes")
        rows.append([
            c["id"], n, c["d"], c["dtype"], c["m"], c["ef"], c["quant"], c["ids"],
            fmt(g(gm, "originals", "apparent", default=0) / n),
            fmt(d.get("quantized_data_bytes_per_point"), 2),
            fmt(d.get("hnsw_links_bytes_per_point"), 2),
            fmt(d.get("hnsw_deg0_avg"), 2),
            fmt(d.get("hnsw_upper_records_per_point"), 4),
            fmt(g(gm, "id_tracker", "apparent", default=0) / n, 2),
            fmt(g(gm, "payload_storage", "allocated", default=0) / n, 1),
            fmt(g(gm, "payload_index", "allocated", default=0) / n, 1),
            fmt((g(gm, "sparse_storage", "allocated", default=0) or 0) / n, 1),
            fmt((g(gm, "sparse_index", "allocated", default=0) or 0) / n, 1),
            fmt(b.get("optimize_seconds"), 1),
            fmt((g(b, "optimize_peak", "VmHWM_bytes", default=0) - g(b, "rss_before_optimize", "VmRSS_bytes", default=0)) / MiB, 0),
            fmt((peak_anon - before_anon) / MiB if peak_anon and before_anon and samples > 2 else None, 0),
            fmt(above("after_load_1s", "RssAnon_bytes")),
            fmt(above("after_load_1s", "RssFile_bytes")),
            fmt(above("after_searches", "RssAnon_bytes")),
            fmt(above("after_searches", "RssFile_bytes")),
            "; ".join(e[:60] for e in r.get("errors", [])),
        ])
    hdr = ["id", "N", "D", "dtype", "m", "ef", "quant", "ids", "orig B/pt", "quant B/pt", "links B/pt", "deg0",
           "upper/pt", "idtr B/pt", "payload alloc B/pt", "pidx alloc B/pt", "sparse stor B/pt", "sparse idx B/pt",
           "optimize s", "peak RSS +MiB", "peak anon +MiB", "anon load +MiB", "file load +MiB",
           "anon srch +MiB", "file srch +MiB", "errors"]
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for row in rows:
        print("| " + " | ".join(str(x) for x in row) + " |")


if __name__ == "__main__":
    main()
