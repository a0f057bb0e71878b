#!/usr/bin/env python3
"""A numeric index's histogram and the payload range blocks built from it, replayed in Python (s35).

A port of qdrant@v1.19.0:lib/segment/src/index/field_index/histogram.rs (Histogram::insert, current_bucket_size,
get_range_by_size) and numeric_index/query.rs (for_each_payload_block), fed as
numeric_index/mutable_numeric_index/lifecycle.rs (InMemoryNumericIndex::add_many_to_list) feeds it when an optimized
segment's index is built (numeric_index/builders.rs, NumericIndexMmapBuilder): one (value, point) pair at a time in
point order, HISTOGRAM_PRECISION 0.01, HISTOGRAM_MAX_BUCKET_SIZE 10,000 (numeric_index/lifecycle.rs), MIN_BUCKET_SIZE 10.

Why: the buckets are not current_bucket_size (0.01 x the points) wide. Insert only ever splits a bucket (when one passes
the bucket size, the nearer border moves by one point or a new border is made beside it), the size limit grows with the
points, and the buckets made early stay small; so a segment of n points keeps about 165 buckets whatever n, a mean of
~0.61 x 0.01 n, and the range blocks (two steps of get_range_by_size(t / 2), a step ending at the first border past
t / 2 points) are two of these buckets when t / 2 is under a bucket.

  python3 test/calibration/numeric_histogram.py OUT.json
  python3 test/calibration/numeric_histogram.py --point-order OUT.json
writes, per order of the values (random: independent of the point order, as a price; sorted: rising with the points,
as a timestamp with sequential ids), n and seed: the borders, mean bucket / current_bucket_size (`fill`), the
size-biased mean bucket E[X^2] / (2 E[X]) / current_bucket_size (`overshoot`: how far past t / 2 a step ends on
average, renewal theory) and, per threshold t (points), the blocks' mean size and their mean per membership.
"""
from __future__ import annotations

import bisect
import json
import random
import statistics
import sys

MIN_BUCKET_SIZE = 10
PRECISION = 0.01
MAX_BUCKET_SIZE = 10_000


class Histogram:
    def __init__(self, max_bucket_size: int = MAX_BUCKET_SIZE, precision: float = PRECISION):
        self.max_bucket_size, self.precision, self.total = max_bucket_size, precision, 0
        self.keys: list = []  # borders, sorted (val, idx)
        self.counts: dict = {}  # border -> [left, right]

    def current_bucket_size(self) -> int:
        return min(max(int(self.total * self.precision), MIN_BUCKET_SIZE), self.max_bucket_size)

    def _put(self, k, v) -> None:
        if k not in self.counts:
            bisect.insort(self.keys, k)
        self.counts[k] = v

    def _remove(self, k) -> None:
        del self.counts[k]
        self.keys.pop(bisect.bisect_left(self.keys, k))

    def insert(self, val, points: list) -> None:
        """Histogram::insert; `points` is the index's sorted map of (val, idx), already holding val."""
        self.total += 1
        if len(self.keys) < 2:
            self._put(val, [0, 0])
            return
        i = bisect.bisect_right(self.keys, val)
        L = self.keys[i - 1] if i >= 1 else None
        R = self.keys[i] if i < len(self.keys) else None
        FL = self.keys[i - 2] if i >= 2 else None
        FR = self.keys[i + 1] if i + 1 < len(self.keys) else None
        cl, cr = (list(self.counts[k]) if k is not None else None for k in (L, R))
        cfl, cfr = (list(self.counts[k]) if k is not None else None for k in (FL, FR))

        def left_neighbour(x):
            j = bisect.bisect_left(points, x)
            return points[j - 1] if j > 0 else None

        def right_neighbour(x):
            j = bisect.bisect_right(points, x)
            return points[j] if j < len(points) else None

        remove = create = None
        size = self.current_bucket_size()
        if L is None:
            new = cr[1] + 1
            nbc = [0, new]
            if new > size:
                nbc[1] = 0
                create = (val, nbc)
            else:
                if cfr is not None:
                    cfr[0] = new
                remove, create = R, (val, nbc)
        elif R is None:
            new = cl[0] + 1
            nbc = [new, 0]
            if new > size:
                nbc[0] = 0
                create = (val, nbc)
            else:
                if cfl is not None:
                    cfl[1] = new
                remove, create = L, (val, nbc)
        else:
            assert cl[1] == cr[0]
            new = cl[1] + 1
            if new > size:
                if abs(val[0] - L[0]) < abs(val[0] - R[0]):
                    nb, nbc = right_neighbour(L), [cl[0] + 1, cl[1]]
                    if cl[0] < size and FL is not None:
                        cfl[1] = nbc[0]
                        remove, create = L, (nb, nbc)
                    else:
                        nbc[0] = 0
                        cl[1] = 0
                        create = (nb, nbc)
                else:
                    nb, nbc = left_neighbour(R), [cr[0], cr[1] + 1]
                    if cr[1] < size and FR is not None:
                        cfr[0] = nbc[1]
                        remove, create = R, (nb, nbc)
                    else:
                        nbc[1] = 0
                        cr[0] = 0
                        create = (nb, nbc)
            else:
                cl[1] = new
                cr[0] = new
        for k, v in ((L, cl), (R, cr), (FL, cfl), (FR, cfr)):
            if k is not None:
                self.counts[k] = v
        if remove is not None:
            self._remove(remove)
        if create is not None:
            self._put(*create)

    def range_by_size(self, lower, size: int):
        """get_range_by_size: lower None (Unbounded) or an excluded value; returns an included value or None."""
        i = 0 if lower is None else bisect.bisect_right(self.keys, (lower, 1 << 40))
        reached = 0
        for k in self.keys[i:]:
            left = self.counts[k][0]
            if reached + left > size:
                return k[0]
            reached += left
        return None


def build(values: list, max_bucket_size: int = MAX_BUCKET_SIZE) -> tuple[Histogram, list]:
    h, points = Histogram(max_bucket_size), []
    for idx, v in enumerate(values):
        k = (v, idx)
        bisect.insort(points, k)
        h.insert(k, points)
    return h, points


def range_blocks(h: Histogram, points: list, threshold: int) -> list:
    """for_each_payload_block with one value a point (value_per_point 1): block = (the step before's lower, upper]."""
    return blocks_between(lambda lower: h.range_by_size(lower, threshold // 2), [k[0] for k in points])


def blocks_between(upper, vals: list) -> list:
    """The block cardinalities for_each_payload_block walks (qdrant@v1.19.0 numeric_index/query.rs): each step's upper
    bound is `upper(lower)` (None: unbounded), a block is (the step before's lower bound, this step's upper bound],
    counted on the sorted values `vals`. One loop for the replayed histogram here and the server's saved borders
    (server_graph_maps.range_blocks)."""
    out, lower, pre, first = [], None, None, True
    while True:
        up = upper(lower)
        if not first:
            lo = 0 if pre is None else bisect.bisect_right(vals, pre)
            hi = len(vals) if up is None else bisect.bisect_right(vals, up)
            out.append(hi - lo)
        elif up is None:
            out.append(len(vals))
        first, pre = False, lower
        if up is None:
            return out
        lower = up


def run(n: int, seed: int, order: str, thresholds: list, max_bucket_size: int = MAX_BUCKET_SIZE) -> dict:
    rng = random.Random(seed)
    values = list(range(n)) if order == "sorted" else [rng.randrange(10**12) for _ in range(n)]
    h, points = build(values, max_bucket_size)
    size = h.current_bucket_size()
    lefts = [h.counts[k][0] for k in h.keys][1:]  # the first border's left is 0
    m = statistics.mean(lefts)
    m2 = statistics.mean(x * x for x in lefts)
    row = {"n": n, "seed": seed, "order": order, "max_bucket_size": max_bucket_size, "current_bucket_size": size,
           "borders": len(h.keys), "fill": round(m / size, 4), "overshoot": round(m2 / (2 * m) / size, 4), "blocks": {}}
    for t in thresholds:
        bl = range_blocks(h, points, t)
        row["blocks"][t] = {"count": len(bl), "mean": round(statistics.mean(bl), 1),
                            "per_membership": round(sum(b * b for b in bl) / sum(bl), 1)}
    return row


def point_order_buckets(n: int, max_bucket_size: int = MAX_BUCKET_SIZE) -> list:
    """The buckets (points between two borders, the right border included; the first also holds the first point, the
    lowest border) that Histogram::insert leaves when every value is above all before it (values rising with the point
    order), worked from histogram.rs without replaying it point by point (s37).

    Sorted insertion always takes insert's `(Some(left_border), None)` arm: the last border moves onto the new point and
    its `left` (the points strictly between it and the border before) grows by one, unless left + 1 would pass
    current_bucket_size(), taken after total_count += 1; then the last border stays and the new point becomes a new
    border with left 0. The first two points are borders (borders.len() < 2). So a moving border made at total T takes
    the points T + 1, T + 2, ... while j <= size(T + j) and stays at j* - 1 moves, j* = min { j : j > size(T + j) },
    size(x) = clamp(floor(0.01 x), 10, 10,000): a bucket of j* points, the next border made at total T + j*. For
    0.01 (T + j) unclamped, j > floor(0.01 (T + j)) <=> j > 0.01 (T + j) <=> j > T / 99, so j* = max(11, floor(T / 99) + 1)
    (10,001 past the cap): 11-point buckets up to T = 1,089, then buckets of about T / 99 + 1/2."""
    def size(total: int) -> int:
        return min(max(int(total * PRECISION), MIN_BUCKET_SIZE), max_bucket_size)

    out, T = [], 2
    while T <= n:
        j = max(MIN_BUCKET_SIZE + 1, min(max_bucket_size + 1, int((T * PRECISION - 1) / (1 - PRECISION))))
        while j <= size(T + j):
            j += 1
        out.append(min(j, n - T + 1))  # the last bucket ends at the last point
        T += j
    out[0] += 1  # the lowest border, the first point
    return out


def point_order_blocks(n: int, threshold: int, max_bucket_size: int = MAX_BUCKET_SIZE) -> list:
    """for_each_payload_block on those buckets: a step (get_range_by_size(lower, t / 2)) ends at the first border whose
    left (its bucket less the border) takes the count past t / 2; blocks are two steps each, the last the last step and
    the points past it (Unbounded); no bounded step: one block of all points."""
    h = threshold // 2
    steps, pts, reached = [], 0, 0
    for i, b in enumerate(point_order_buckets(n, max_bucket_size)):
        left = b - 1 - (1 if i == 0 else 0)
        pts += b
        if reached + left > h:
            steps.append(pts)
            pts, reached = 0, 0
        else:
            reached += left
    if not steps:
        return [n]
    return [steps[i - 1] + steps[i] for i in range(1, len(steps))] + [steps[-1] + pts]


def point_order_check(path: str | None) -> None:
    """The rule (point_order_blocks) against the replay of Histogram::insert on sorted values and on random values, and
    against the v1.19.0 server's `ts` histograms (fst10-ts-only*, their saved histogram_borders.bin)."""
    rows = []
    for n in (1_000, 5_000, 20_000, 50_000, 100_000, 200_000):
        h, points = build(list(range(n)))
        hr, pr = build(random.Random(n).sample(range(10**12), n))
        for t in (6, 66, 666, 2_000, 6_666):
            replay = range_blocks(h, points, t)
            rule = point_order_blocks(n, t)
            rand = range_blocks(hr, pr, t)
            row = {"n": n, "t": t, "borders_sorted": len(h.keys), "borders_random": len(hr.keys),
                   "blocks_rule": len(rule), "blocks_sorted": len(replay), "blocks_random": len(rand),
                   "same_blocks": rule == replay,
                   "per_membership_sorted": round(sum(b * b for b in replay) / sum(replay), 1),
                   "per_membership_random": round(sum(b * b for b in rand) / sum(rand), 1)}
            rows.append(row)
            print(json.dumps(row), flush=True)
    # Past the cap: the rule with a cap of 200 against the replay with the same cap.
    for n in (30_000, 60_000):
        h, points = build(list(range(n)), max_bucket_size=200)
        replay = range_blocks(h, points, 6)
        rule = point_order_blocks(n, 6, max_bucket_size=200)
        rows.append({"n": n, "t": 6, "max_bucket_size": 200, "blocks_rule": len(rule), "blocks_sorted": len(replay), "same_blocks": rule == replay})
        print(json.dumps(rows[-1]), flush=True)
    server = []
    for run in ("fst10-ts-only-n20000", "fst10-ts-only"):
        d = json.load(open(f"data/calibration/engine-identity/server-v1.19.0-payload/{run}.json"))
        hs = d["numeric_histograms"]["ts"]
        rule = point_order_blocks(d["config"]["n"], hs["threshold_points"])
        server.append({"run": run, "n": d["config"]["n"], "t": hs["threshold_points"], "borders": hs["borders_count"],
                       "rule_buckets": len(point_order_buckets(d["config"]["n"])), "blocks_server": len(hs["range_blocks"]),
                       "blocks_rule": len(rule), "same_blocks": rule == hs["range_blocks"]})
        print(json.dumps(server[-1]), flush=True)
    out = {"command": "python3 test/calibration/numeric_histogram.py --point-order " + (path or ""),
           "source": "port of qdrant@v1.19.0 lib/segment/src/index/field_index/histogram.rs and numeric_index/query.rs; "
                     "point_order_blocks: the rule for values rising with the point order",
           "rows": rows, "server": server}
    if path:
        open(path, "w").write(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--point-order":
    point_order_check(sys.argv[2] if len(sys.argv) > 2 else None)
    sys.exit(0)

if __name__ == "__main__":
    rows = []
    for order in ("random", "sorted"):
        for n in (5_000, 20_000, 50_000, 100_000, 200_000):
            for seed in (1, 2, 3):
                rows.append(run(n, seed, order, [6, 666, 2_000, 6_666]))
                print(json.dumps({k: v for k, v in rows[-1].items() if k != "blocks"}), flush=True)
    # Past the bucket-size cap (HISTOGRAM_MAX_BUCKET_SIZE, reached at 1,000,000 points): the process depends on
    # n x precision / cap only, so a cap of 200 stands for 10,000 at 50x the points (100,000 here = 5M points).
    for n in (20_000, 50_000, 100_000):
        rows.append(run(n, 1, "random", [6], max_bucket_size=200))
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "blocks"}), flush=True)
    out = {"command": "python3 test/calibration/numeric_histogram.py " + " ".join(sys.argv[1:]),
           "source": "port of qdrant@v1.19.0 lib/segment/src/index/field_index/histogram.rs and numeric_index/query.rs",
           "rows": rows}
    if len(sys.argv) > 1:
        open(sys.argv[1], "w").write(json.dumps(out, indent=1) + "\n")
