#!/usr/bin/env python3
"""Word lengths and prefix sharing per language for the prefix tokenizer's derived counts (src/model/prefix-tokens.ts).

Source: the `wordfreq` package 3.1.1 (PyPI; Robyn Speer, Apache-2.0), each language's 'best' word list (`top_n_list(code,
10**7, wordlist='best')` with `word_frequency`; the 'large' list where wordfreq has one). wordfreq has already lowercased
(casefolded) its words: German "ß" is "ss" there, one character more than Qdrant's `to_lowercase` keeps (the README of
wordfreq, "Tokenization"). Each entry is split as Qdrant's word/prefix tokenizers split text (on every character that is
not alphanumeric; `char::is_alphanumeric`, here `str.isalnum`), lowercased; the pieces' frequencies are summed. Writes,
per language, data/language/wordfreq-<code>-3.1.1.json:
- running_text_length_share[l - 1]: share of running-text words of l characters (frequency-weighted), l = 1..24 (24 = 24+);
- running_text_length_share_no_stopwords: the same without Qdrant's stopword list of the language
  (qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/stop_words/<language>.rs, the same in the
  qdrant-edge 0.9.0 crate; its entries that the tokenizer can yield, i.e. all alphanumeric, lowercased: `stopwords`);
  a language Qdrant has no list for (Polish) gets null;
- distinct_prefixes[variant][i][L - 1]: distinct L-character prefixes (L = 1..24) of the words of a vocabulary of
  vocab_sizes[i] distinct words, a word of fewer than L characters having none; variant `top`: the vocab_sizes[i] most
  frequent words; variant `sampled`: the distinct words of a text drawn word by word from the frequencies (seeded) until
  it shows vocab_sizes[i] distinct words (what a corpus with that vocabulary holds);
- prefix_bytes_per_char: UTF-8 bytes per character over the distinct prefixes of the whole list;
- prefix_bytes_per_char_ascii_folded: the same prefixes' bytes after ASCII folding (`ascii_folding: true`), per
  character before it: Qdrant folds Latin letters only (tokenizers/ascii_folding.rs, Lucene's ASCIIFoldingFilter's
  table), approximated here by `fold` (a Latin letter's base letter by NFKD, and ß ss, æ ae, œ oe, ø o, ł l, đ/ð d, þ th);
- running_text_word_bytes_mean: UTF-8 bytes of a running-text word (frequency-weighted);
- prefix_rank_shape[L - 1]: how the running-text occurrences of the L-character prefixes spread over the prefixes ranked
  by frequency (the posting-list model's law per prefix length, src/model/text-index.ts), over half-decade bins of ranks
  [PREFIX_RANK_BIN_EDGES[k], PREFIX_RANK_BIN_EDGES[k + 1]) (1-2, 3-9, 10-31, 32-99, ...; the last bin ends at the
  list's distinct L-prefixes, distinct_prefixes' whole-list row): the drop of ln(mean share of a prefix in the bin) from
  one bin to the next, one decimal (a drop of 0.1 is a 10% step: rounding moves the Russian titles' modelled
  remainders by 0.05%), the first bin's value left out (the model normalises);
- prefix_rank_shape_no_stopwords: the same without Qdrant's stopword list of the language (the index's text when it
  removes them), for L = 1 to the list's longest entry (past it no prefix changes: prefix_rank_shape's rows hold); null
  without a list;
and, for the languages given with --words, data/language/wordfreq-<code>-3.1.1-top100k.tsv.gz: the 100,000 most
frequent words, tab, frequency (the English calibration text of edge_payload_v1_20.py's wf- cases); with --all-words,
test/calibration/.work/wordfreq-<code>-3.1.1-all.tsv.gz: every word of the list (the text of its wf-<code>- cases; not
committed: 2-4 MB a language, and 100,000 words are too few outside English: they hold 97.4% of German's running text
and 94.9% of Russian's, whose rarer words are longer, so text drawn from them has 2-5% fewer prefixes per word than
the language, against 0.6% for English).

Run with any Python that has wordfreq and numpy (a private venv; not the engine venvs), with Qdrant's stopword files
from the v1.19.0 git mirror (QSIZE_QDRANT_MIRROR, a bare repository) or a directory holding them (QSIZE_STOP_WORDS_DIR,
e.g. the qdrant-edge 0.9.0 crate's src/segment/index/field_index/full_text_index/stop_words):
  python test/calibration/wordfreq_prefixes.py [language ...] [--words language,...] [--all-words language,...]
(no language: all of LANGUAGES).
"""
from __future__ import annotations

import collections
import datetime as _dt
import gzip
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import wordfreq

OUT_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "language"
WORK_DIR = Path(__file__).resolve().parent / ".work"
LMAX = 24
STOPWORDS_PATH = "lib/segment/src/index/field_index/full_text_index/stop_words/{}.rs"
# Qdrant's language name (the text index's stopwords/stemmer, qsize's `language`) -> wordfreq's code, and whether
# Qdrant has a stopword list for it (qdrant@v1.19.0 stop_words/mod.rs). Every file written is a table of the model and
# of the web page (scripts/gen-language-tables.mjs reads every data/language/wordfreq-*-3.1.1.json): about 0.7 KB
# gzipped each in index.html (with s29's rank shapes about 1 KB), whose budget is scripts/bundle-web.mjs's. More languages wordfreq has a list for, to add
# the same way: swedish sv, danish da, norwegian nb, finnish fi, romanian ro, catalan ca, hungarian hu, turkish tr,
# czech cs (no Qdrant list), ukrainian uk (no Qdrant list).
LANGUAGES = {
    "english": ("en", True),
    "german": ("de", True),
    "french": ("fr", True),
    "spanish": ("es", True),
    "portuguese": ("pt", True),
    "italian": ("it", True),
    "dutch": ("nl", True),
    "russian": ("ru", True),
    "polish": ("pl", False),
}
VOCAB_SIZES = [100, 316, 1000, 3162, 10000, 31623, 100000]
# Rank bins of prefix_rank_shape: 10^(k/2) rounded, k = 0..14 (1, 3, 10, 32, 100, 316, ..., 10^7).
PREFIX_RANK_BIN_EDGES = [round(10 ** (k / 2)) for k in range(15)]


def qdrant_stopwords(language: str, code: str) -> set[str]:
    """Qdrant's list for the language: the quoted entries of stop_words/<language>.rs, lowercased (add_stopword with
    lowercase), those that are all alphanumeric (the only ones a word or prefix tokenizer's word can equal). Without
    the source (no QSIZE_STOP_WORDS_DIR, no mirror), the list the language's JSON already records."""
    d = os.environ.get("QSIZE_STOP_WORDS_DIR")
    mirror = os.environ.get("QSIZE_QDRANT_MIRROR", "/work/.mirror/qdrant+qdrant/repo")
    if d:
        src = (Path(d) / f"{language}.rs").read_text()
    elif Path(mirror).exists():
        src = subprocess.run(["git", "-C", mirror, "show", "v1.19.0:" + STOPWORDS_PATH.format(language)], check=True,
                             capture_output=True, text=True).stdout
    else:
        return set(json.loads((OUT_DIR / f"wordfreq-{code}-3.1.1.json").read_text())["stopwords"])
    words = {w.lower() for w in re.findall(r'"((?:[^"\\]|\\.)*)"', src)}
    return {w for w in words if w and all(c.isalnum() for c in w)}


FOLD_SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def fold(w: str) -> str:
    """ASCII folding of a lowercase word, approximately Qdrant's: a non-ASCII Latin letter becomes its ASCII base letter
    (NFKD without the combining marks) or FOLD_SPECIAL's letters; every other letter (Cyrillic, Greek) is kept."""
    out = []
    for c in w:
        if ord(c) < 128:
            out.append(c)
        elif c in FOLD_SPECIAL:
            out.append(FOLD_SPECIAL[c])
        else:
            base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
            out.append(base if base and base.isascii() and "LATIN" in unicodedata.name(c, "") else c)
    return "".join(out)


def split(w: str) -> list[str]:
    return [p.lower() for p in re.split(r"[^\w]|_", w) if p and all(c.isalnum() for c in p)]


def prefix_counts(words) -> list[int]:
    return [len({w[:L] for w in words if len(w) >= L}) for L in range(1, LMAX + 1)]


def prefix_rank_shape(words, p, lmax: int = LMAX) -> list[list[float]]:
    """Per prefix length L = 1..lmax: the prefixes' running-text shares (the words' frequencies summed per L-prefix,
    words of at least L characters), ranked; the mean share in each half-decade bin of ranks; the drops of its natural
    log from one bin to the next (one decimal)."""
    out = []
    for L in range(1, lmax + 1):
        share: dict = {}
        for w, f in zip(words, p):
            if len(w) >= L:
                share[w[:L]] = share.get(w[:L], 0.0) + f
        q = np.sort(np.array(list(share.values())))[::-1]
        cum = np.concatenate([[0.0], np.cumsum(q)])
        logs = []
        for a, b in zip(PREFIX_RANK_BIN_EDGES, PREFIX_RANK_BIN_EDGES[1:]):
            if a > len(q):
                break
            b = min(b, len(q) + 1)
            logs.append(float(np.log((cum[b - 1] - cum[a - 1]) / (b - a))))
        out.append([round(x - y, 1) for x, y in zip(logs, logs[1:])])
    return out


def write_words(path: Path, words, p) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as gz:
        gz.write("".join(f"{w}\t{float(f):.4g}\n" for w, f in zip(words, p)).encode())


def tabulate(language: str, top_words: bool, all_words: bool) -> dict:
    code, has_stopwords = LANGUAGES[language]
    entries = wordfreq.top_n_list(code, 10**7, wordlist="best")
    freq: collections.Counter = collections.Counter()
    for e in entries:
        f = wordfreq.word_frequency(e, code, wordlist="best")
        for p in split(e):
            freq[p] += f
    words = [w for w, _ in freq.most_common()]
    p = np.array([freq[w] for w in words])
    p = p / p.sum()

    def length_share(keep) -> list[float]:
        s = np.zeros(LMAX)
        for w, f in zip(words, p):
            if keep(w):
                s[min(len(w), LMAX) - 1] += f
        return [round(float(x), 6) for x in s / s.sum()]

    top = [prefix_counts(words[:v]) for v in VOCAB_SIZES] + [prefix_counts(words)]
    rng = np.random.default_rng(2025)
    sampled = []
    cdf = np.cumsum(p)
    seen: set = set()
    for v in VOCAB_SIZES:
        while len(seen) < v:
            idx = np.minimum(np.searchsorted(cdf, rng.random(max(1000, (v - len(seen)) * 4))), len(words) - 1)
            for i in idx:
                seen.add(int(i))
                if len(seen) >= v:
                    break
        sampled.append(prefix_counts([words[i] for i in seen]))
    allp = {w[:L] for w in words for L in range(1, min(len(w), LMAX) + 1)}
    stop = qdrant_stopwords(language, code) if has_stopwords else None
    out = {
        "source": f"wordfreq 3.1.1 (PyPI), {language.capitalize()} 'best' list ('{code}'), split and lowercased as Qdrant's word tokenizer does",
        "script": "test/calibration/wordfreq_prefixes.py",
        "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "language": language,
        "wordfreq_code": code,
        "list_entries": len(entries),
        "words": len(words),
        "max_length": LMAX,
        "running_text_length_share": length_share(lambda w: True),
        "running_text_length_share_no_stopwords": length_share(lambda w: w not in stop) if stop else None,
        "stopwords_source": f"qdrant@v1.19.0:{STOPWORDS_PATH.format(language)}" if stop else None,
        "stopwords": sorted(stop) if stop else None,
        "vocab_sizes": VOCAB_SIZES + [len(words)],
        "distinct_prefixes": {"top": top, "sampled": sampled + [top[-1]]},
        "prefix_bytes_per_char": sum(len(x.encode()) for x in allp) / sum(len(x) for x in allp),
        "prefix_bytes_per_char_ascii_folded": sum(len(fold(x).encode()) for x in allp) / sum(len(x) for x in allp),
        "running_text_word_bytes_mean": round(float(sum(f * len(w.encode()) for w, f in zip(words, p))), 4),
        "prefix_rank_bin_edges": PREFIX_RANK_BIN_EDGES,
        "prefix_rank_shape": prefix_rank_shape(words, p),
        "prefix_rank_shape_no_stopwords": prefix_rank_shape(*zip(*[(w, f) for w, f in zip(words, p) if w not in stop]), max(map(len, stop))) if stop else None,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if top_words:
        write_words(OUT_DIR / f"wordfreq-{code}-3.1.1-top100k.tsv.gz", words[:100_000], p[:100_000])
    if all_words:
        write_words(WORK_DIR / f"wordfreq-{code}-3.1.1-all.tsv.gz", words, p)
    path = OUT_DIR / f"wordfreq-{code}-3.1.1.json"
    # The same numbers as the file already has: keep its date (a rerun changes nothing, nor the generated module).
    if path.exists():
        prev = json.loads(path.read_text())
        if {k: v for k, v in prev.items() if k != "date_utc"} == {k: v for k, v in out.items() if k != "date_utc"}:
            out["date_utc"] = prev["date_utc"]
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    args = sys.argv[1:]
    lists: dict[str, set[str]] = {"--words": set(), "--all-words": set()}
    for flag in lists:
        if flag in args:
            i = args.index(flag)
            lists[flag] = set(args[i + 1].split(","))
            del args[i:i + 2]
    for language in args or list(LANGUAGES):
        if language not in LANGUAGES:
            raise SystemExit(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
        out = tabulate(language, language in lists["--words"], language in lists["--all-words"])
        print(language, json.dumps({k: out[k] for k in ("words", "prefix_bytes_per_char", "running_text_word_bytes_mean")}),
              [sum(r) for r in out["distinct_prefixes"]["sampled"]], flush=True)


if __name__ == "__main__":
    main()
