#!/usr/bin/env python3
"""Decode Qdrant's compressed HNSW graph file (links_compressed.bin) and report
per-level link-count statistics (average level-0 degree etc.) and a byte breakdown.

Format (written by serialize_graph_links, qdrant lib/segment/src/index/hnsw_index/
graph_links/serializer.rs; header in graph_links/header.rs; link packing in
lib/common/common/src/bitpacking_links.rs; offsets in
lib/common/common/src/bitpacking_ordered.rs):

  64-byte header: point_count u64, version u64 (0xFFFF_FFFF_FFFF_FF01), levels u64,
                  total_neighbors_bytes u64, offsets Parameters {length u64,
                  base_bits u8, delta_bits u8, chunk_len_log2 u8}, m u64, m0 u64, pad
  level_offsets:  u64 x levels
  reindex:        u32 x point_count
  neighbours:     one byte-aligned bit-packed record per (level, point):
                  5-bit header (bits_per_sorted - 8), then min(len, m|m0) sorted
                  delta-encoded links at bits_per_sorted bits, then extra links
                  at bits_per_unsorted = max(8, bits(N-1)) bits
  offsets:        bitpacking_ordered chunks (base + fixed-width deltas) + 7-byte tail

Bits are written LSB-first (little-endian bit order).

links_comp_vec.bin (inline_storage, header version ...FF02) is decoded by decode_with_vectors (its docstring has that
format).

Usage: python decode_links.py FILE [FILE...]   (prints JSON per file)
"""
from __future__ import annotations

import json
import struct
import sys

import numpy as np

HEADER_VERSION_COMPRESSED = 0xFFFF_FFFF_FFFF_FF01


def _read_u64_le_at(buf: np.ndarray, pos: np.ndarray) -> np.ndarray:
    out = np.zeros(pos.shape, dtype=np.uint64)
    for k in range(8):
        out |= buf[pos + k].astype(np.uint64) << np.uint64(8 * k)
    return out


def _mask(bits: int) -> np.uint64:
    return np.uint64((1 << bits) - 1) if bits < 64 else np.uint64(0xFFFF_FFFF_FFFF_FFFF)


def _bits_needed(v: int) -> int:
    return max(int(v).bit_length(), 0)


def decode(path: str) -> dict:
    raw = open(path, "rb").read()
    buf = np.frombuffer(raw + b"\0" * 16, dtype=np.uint8)
    (n, version, levels, nb_bytes) = struct.unpack_from("<QQQQ", raw, 0)
    if version != HEADER_VERSION_COMPRESSED:
        kind = "compressed-with-vectors (inline_storage)" if version == 0xFFFF_FFFF_FFFF_FF02 else "unknown"
        return {"file": path, "file_bytes": len(raw), "point_count": int(n),
                "error": f"header version {version:#x} ({kind}) is not decoded"}
    (off_len,) = struct.unpack_from("<Q", raw, 32)
    base_bits, delta_bits, chunk_log2 = raw[40], raw[41], raw[42]
    m, m0 = struct.unpack_from("<QQ", raw, 43)
    pos = 64
    level_offsets = list(struct.unpack_from(f"<{levels}Q", raw, pos))
    pos += 8 * levels
    pos += 4 * n  # reindex
    neigh_start = pos
    pos += nb_bytes
    off_start = pos
    chunk_len = 1 << chunk_log2
    chunk_bytes = (base_bits + delta_bits * (chunk_len - 1) + 7) // 8
    n_chunks = (off_len + chunk_len - 1) // chunk_len
    off_bytes = n_chunks * chunk_bytes + 7

    idx = np.arange(off_len, dtype=np.int64)
    chunk_off = off_start + (idx >> chunk_log2) * chunk_bytes
    vi = idx & (chunk_len - 1)
    base = _read_u64_le_at(buf, chunk_off) & _mask(base_bits)
    dbit = base_bits + (np.maximum(vi, 1) - 1) * delta_bits
    delta = (_read_u64_le_at(buf, chunk_off + dbit // 8) >> (dbit % 8).astype(np.uint64)) & _mask(delta_bits)
    delta[vi == 0] = 0
    offsets = (base + delta).astype(np.int64)
    assert offsets[0] == 0 and offsets[-1] == nb_bytes, (offsets[0], offsets[-1], nb_bytes)

    rec_len = np.diff(offsets)  # bytes per record
    rec_start = neigh_start + offsets[:-1]
    hdr = (buf[rec_start].astype(np.int64) & 0x1F) + 8
    bits_unsorted = max(8, _bits_needed(max(n - 1, 0)))
    total_bits = rec_len * 8

    # level boundaries in record index space
    bounds = level_offsets + [off_len - 1]
    per_level = []
    deg0 = None
    for lvl in range(levels):
        a, b = bounds[lvl], bounds[lvl + 1]
        lm = m0 if lvl == 0 else m
        tb = total_bits[a:b]
        h = hdr[a:b]
        nonempty = tb > 0
        avail = np.where(nonempty, tb - 5, 0)
        sorted_cnt = np.minimum(avail // h, lm)
        rest = np.maximum(avail - sorted_cnt * h, 0)
        extra = np.where(sorted_cnt >= lm, rest // bits_unsorted, 0)
        cnt = sorted_cnt + extra
        d = {
            "level": lvl,
            "points": int(b - a),
            "avg_links": round(float(cnt.mean()), 4) if b > a else 0,
            "max_links": int(cnt.max()) if b > a else 0,
            "frac_full": round(float((cnt >= lm).mean()), 4) if b > a else 0,
            "avg_record_bytes": round(float(rec_len[a:b].mean()), 4) if b > a else 0,
            "avg_bits_per_link": round(float(h[nonempty].mean()), 3) if nonempty.any() else 0,
            "records_with_extra_links": int((extra > 0).sum()),
        }
        if lvl == 0:
            deg0 = d["avg_links"]
            hist = np.bincount(cnt.astype(np.int64), minlength=lm + 1)
            d["degree_histogram"] = hist.tolist()[: max(lm + 1, len(hist))]
        per_level.append(d)
    upper_records = int(off_len - 1 - n)
    return {
        "file": path,
        "file_bytes": len(raw),
        "point_count": int(n),
        "m": int(m),
        "m0": int(m0),
        "levels": int(levels),
        "deg0_avg": deg0,
        "deg0_over_m0": round(deg0 / m0, 4) if m0 else None,
        "upper_level_records": upper_records,
        "upper_records_per_point": round(upper_records / n, 5) if n else None,
        "upper_links_per_point": round(sum(l["avg_links"] * l["points"] for l in per_level[1:]) / n, 4) if n else None,
        "bytes": {
            "header": 64,
            "level_offsets": 8 * levels,
            "reindex": 4 * n,
            "neighbours": int(nb_bytes),
            "neighbours_level0": int(rec_len[: level_offsets[1] if levels > 1 else n].sum()),
            "offsets": int(off_bytes),
            "accounted": int(64 + 8 * levels + 4 * n + nb_bytes + off_bytes),
        },
        "bytes_per_point": {
            "reindex": 4.0,
            "neighbours": round(nb_bytes / n, 4),
            "offsets": round(off_bytes / n, 4),
            "total": round(len(raw) / n, 4),
        },
        "offsets_params": {"length": int(off_len), "base_bits": int(base_bits), "delta_bits": int(delta_bits),
                           "chunk_len_log2": int(chunk_log2)},
        "levels_detail": per_level,
    }


def _offset_reader(raw: bytes, off_start: int, base_bits: int, delta_bits: int, chunk_log2: int):
    """offset(i): the i-th value of the bitpacking_ordered offsets at `off_start` (chunks of 2^chunk_log2 values, each a
    base of base_bits and deltas from it of delta_bits, LSB-first, each chunk byte-padded)."""
    chunk_len = 1 << chunk_log2
    chunk_bytes = (base_bits + delta_bits * (chunk_len - 1) + 7) // 8

    def offset(i: int) -> int:
        c, v = divmod(i, chunk_len)
        word = int.from_bytes(raw[off_start + c * chunk_bytes: off_start + (c + 1) * chunk_bytes], "little")
        base = word & ((1 << base_bits) - 1)
        if v == 0:
            return base
        bit = base_bits + (v - 1) * delta_bits
        return base + ((word >> bit) & ((1 << delta_bits) - 1))

    return offset


def _offsets_bytes(off_len: int, base_bits: int, delta_bits: int, chunk_log2: int) -> int:
    """Bytes of the compressed offsets: whole chunks (the last one padded with all-ones deltas) plus the 7-byte tail
    (bitpacking_ordered.rs, compress_with_parameters / compressed_size_bytes)."""
    chunk_len = 1 << chunk_log2
    chunk_bytes = (base_bits + delta_bits * (chunk_len - 1) + 7) // 8
    return (off_len + chunk_len - 1) // chunk_len * chunk_bytes + 7


def _unpack_links(rec: bytes, count: int, sorted_cap: int, bits_unsorted: int) -> tuple[list[int], int]:
    """The `count` links of one pack_links record starting at rec[0] (bitpacking_links.rs): a 5-bit header
    (bits_per_sorted - 8), min(count, sorted_cap) sorted links delta-coded at bits_per_sorted, the rest at
    bits_unsorted, LSB-first, byte-padded (BitWriter::finish). Returns the links and the record's bytes."""
    if count == 0:
        return [], 0
    k = min(count, sorted_cap)
    word = int.from_bytes(rec[:8 + (5 + 32 * count) // 8], "little")
    h = (word & 0x1F) + 8
    bits = 5 + k * h + (count - k) * bits_unsorted
    links, pos, acc = [], 5, 0
    for _ in range(k):
        acc += (word >> pos) & ((1 << h) - 1)
        pos += h
        links.append(acc)
    for _ in range(count - k):
        links.append((word >> pos) & ((1 << bits_unsorted) - 1))
        pos += bits_unsorted
    return links, (bits + 7) // 8


def _varint(raw: bytes, pos: int) -> tuple[int, int]:
    """An unsigned LEB128 varint (integer_encoding's VarInt) at raw[pos]: (value, bytes)."""
    v = shift = 0
    p = pos
    while True:
        b = raw[p]
        v |= (b & 0x7F) << shift
        p += 1
        if b < 0x80:
            return v, p - pos
        shift += 7


def _round_up(x: int, a: int) -> int:
    return (x + a - 1) // a * a


HEADER_VERSION_COMPRESSED_WITH_VECTORS = 0xFFFF_FFFF_FFFF_FF02
HEADER_WITH_VECTORS_BYTES = 80


def decode_with_vectors(path: str, quantized: bytes | None = None, originals=None) -> dict:
    """Decode links_comp_vec.bin, the compressed graph with inline vectors (hnsw_config.inline_storage), to the byte.

    Format, identical at qdrant v1.19.0 and dev 2026-08-08 (lib/segment/src/index/hnsw_index/graph_links/):
      header.rs HeaderCompressedWithVectors, repr(C, align(8)), 80 B: point_count u64 @0, version u64 @8
        (0xFFFF_FFFF_FFFF_FF02), levels_count u64 @16, total_neighbors_bytes u64 @24, offsets Parameters
        {length u64, base_bits u8, delta_bits u8, chunk_len_log2 u8} @32, m u64 @43, m0 u64 @51,
        base_vector_layout {size u64, alignment u8} @59, link_vector_layout {size u64, alignment u8} @68, 3 zero bytes;
      serializer.rs serialize_graph_links: level offsets u64 x levels (step 2), reindex u32 x point_count (step 3),
        zeros up to max(base, link alignment) (step 4), the neighbours (step 5), the compressed offsets (step 7);
      one neighbours record per (level, point) (step 5, sub-steps 1-6): on level 0 the base vector (base size), a varint
        link count, pack_links' links, zeros up to the link alignment, one link vector (link size) per link, and on
        level 0 zeros up to the base alignment.
    The layouts come from vectors.rs StorageGraphLinksVectors::try_new: base = the vector storage's
    get_vector_layout(), link = QuantizedVectors::get_quantized_vector_layout() (for TurboQuant
    encoded_vectors_tq.rs layout(): quantized_vector_size() bytes, alignment 1).

    `quantized` (the segment's quantized.data, fixed records of link size) and `originals` (float32 array, the expected
    base vectors by point id) are optional checks: every link vector is compared with the quantized record of the
    point it links to, every base vector with its original."""
    import numpy as np

    raw = open(path, "rb").read()
    (n, version, levels, nb_bytes, off_len) = struct.unpack_from("<QQQQQ", raw, 0)
    if version != HEADER_VERSION_COMPRESSED_WITH_VECTORS:
        raise ValueError(f"header version {version:#x} is not the compressed-with-vectors format")
    base_bits, delta_bits, chunk_log2 = raw[40], raw[41], raw[42]
    m, m0, base_size = struct.unpack_from("<QQQ", raw, 43)
    base_align = raw[67]
    (link_size,) = struct.unpack_from("<Q", raw, 68)
    link_align = raw[76]
    assert raw[77:80] == b"\0\0\0"
    level_offsets = list(struct.unpack_from(f"<{levels}Q", raw, HEADER_WITH_VECTORS_BYTES))
    reindex_at = HEADER_WITH_VECTORS_BYTES + 8 * levels
    reindex = np.frombuffer(raw, dtype="<u4", count=n, offset=reindex_at)
    after_reindex = reindex_at + 4 * n
    neigh = _round_up(after_reindex, max(base_align, link_align))
    assert raw[after_reindex:neigh] == b"\0" * (neigh - after_reindex)
    off_bytes = _offsets_bytes(off_len, base_bits, delta_bits, chunk_log2)
    offset = _offset_reader(raw, neigh + nb_bytes, base_bits, delta_bits, chunk_log2)
    bu = max(8, _bits_needed(max(n - 1, 0)))
    back_index = np.argsort(reindex)  # record position -> point id (serializer.rs step 3 writes its inverse)

    parts = {"base_vectors": 0, "varints": 0, "packed_links": 0, "pad_before_links": 0, "link_vectors": 0,
             "pad_after_level0": 0}
    per_level = []
    link_mismatch = base_maxdiff = 0.0
    links_checked = 0
    bounds = level_offsets + [off_len - 1]
    for lvl in range(levels):
        lm = m0 if lvl == 0 else m
        lv = {"level": lvl, "records": int(bounds[lvl + 1] - bounds[lvl]), "links": 0, "bytes": 0}
        for r in range(bounds[lvl], bounds[lvl + 1]):
            a, b = offset(r), offset(r + 1)
            p = neigh + a
            point = r if lvl == 0 else int(back_index[r - bounds[lvl]])
            if lvl == 0:
                if originals is not None:
                    stored = np.frombuffer(raw, dtype="<f4", count=base_size // 4, offset=p)
                    base_maxdiff = max(base_maxdiff, float(np.abs(stored - originals[point]).max()))
                p += base_size
                parts["base_vectors"] += base_size
            count, vb = _varint(raw, p)
            p += vb
            parts["varints"] += vb
            links, pb = _unpack_links(raw[p:p + 8 + 4 * count + 8], count, lm, bu)
            p += pb
            parts["packed_links"] += pb
            pad = _round_up(p - neigh, link_align) - (p - neigh)
            assert raw[p:p + pad] == b"\0" * pad
            p += pad
            parts["pad_before_links"] += pad
            for j, dst in enumerate(links):
                if quantized is not None:
                    link_mismatch += raw[p + j * link_size: p + (j + 1) * link_size] != quantized[dst * link_size:(dst + 1) * link_size]
                    links_checked += 1
            p += count * link_size
            parts["link_vectors"] += count * link_size
            if lvl == 0:
                pad = _round_up(p - neigh, base_align) - (p - neigh)
                assert raw[p:p + pad] == b"\0" * pad
                p += pad
                parts["pad_after_level0"] += pad
            assert p - neigh == b, (lvl, r, p - neigh, b)
            lv["links"] += count
            lv["bytes"] += b - a
        per_level.append(lv)
    assert sum(parts.values()) == nb_bytes, (parts, nb_bytes)
    layout = {"header": HEADER_WITH_VECTORS_BYTES, "level_offsets": 8 * levels, "reindex": 4 * n,
              "pad_before_neighbours": neigh - after_reindex, "neighbours": int(nb_bytes), "offsets": off_bytes}
    assert sum(layout.values()) == len(raw), (layout, len(raw))
    out = {
        "file": path, "file_bytes": len(raw), "point_count": int(n), "m": int(m), "m0": int(m0), "levels": int(levels),
        "base_vector_layout": {"size": int(base_size), "alignment": int(base_align)},
        "link_vector_layout": {"size": int(link_size), "alignment": int(link_align)},
        "bytes": layout, "neighbours_parts": parts,
        "links_total": sum(lv["links"] for lv in per_level),
        "levels_detail": per_level,
        "offsets_params": {"length": int(off_len), "base_bits": int(base_bits), "delta_bits": int(delta_bits),
                           "chunk_len_log2": int(chunk_log2)},
    }
    if quantized is not None:
        out["check_link_vectors_equal_quantized_records"] = {"checked": links_checked, "different": int(link_mismatch)}
    if originals is not None:
        out["check_base_vectors_max_abs_diff"] = base_maxdiff
    return out


def level0_lists(path: str) -> tuple[list[list[int]], int]:
    """Every point's level-0 neighbour list (point ids; record i of level 0 is point i, serializer.rs writes level 0 in
    id order) and m0: the first min(len, m0) links sorted and delta-coded at the record's width, the rest unsorted at
    bits_per_unsorted (pack_links). Pure Python, about 5 s per 20,000 points of 60 links."""
    raw = open(path, "rb").read()
    (n, version, levels, nb_bytes) = struct.unpack_from("<QQQQ", raw, 0)
    if version != HEADER_VERSION_COMPRESSED:
        raise ValueError(f"header version {version:#x} is not decoded")
    (off_len,) = struct.unpack_from("<Q", raw, 32)
    base_bits, delta_bits, chunk_log2 = raw[40], raw[41], raw[42]
    _m, m0 = struct.unpack_from("<QQ", raw, 43)
    neigh = 64 + 8 * levels + 4 * n
    offset = _offset_reader(raw, neigh + nb_bytes, base_bits, delta_bits, chunk_log2)

    bu = max(8, _bits_needed(max(n - 1, 0)))
    out: list[list[int]] = []
    a = offset(0)
    for i in range(n):
        b = offset(i + 1)
        rec = int.from_bytes(raw[neigh + a: neigh + b], "little")
        total = (b - a) * 8
        links: list[int] = []
        if total:
            h = (rec & 0x1F) + 8
            pos, acc = 5, 0
            for _ in range(min((total - 5) // h, m0)):
                acc += (rec >> pos) & ((1 << h) - 1)
                pos += h
                links.append(acc)
            if len(links) >= m0:
                while total - pos >= bu:  # padding is under 8 bits, never a whole unsorted link
                    links.append((rec >> pos) & ((1 << bu) - 1))
                    pos += bu
        out.append(links)
        a = b
    return out, int(m0)


if __name__ == "__main__":
    for f in sys.argv[1:]:
        with open(f, "rb") as fh:
            v = struct.unpack("<8xQ", fh.read(16))[0]
        print(json.dumps(decode_with_vectors(f) if v == HEADER_VERSION_COMPRESSED_WITH_VECTORS else decode(f)))
