#!/usr/bin/env python3
"""English word lengths and prefix sharing for the prefix tokenizer's derived counts (src/model/prefix-tokens.ts).

Source: the `wordfreq` package 3.1.1 (PyPI; Robyn Speer, Apache-2.0), English 'best' word list (`top_n_list('en',
10**7, wordlist='best')` with `word_frequency`). Each entry is split as Qdrant's word/prefix tokenizers split text (on
every character that is not alphanumeric; `char::is_alphanumeric`, here `str.isalnum`), lowercased; the pieces' frequencies
are summed. Writes data/language/wordfreq-en-3.1.1.json:
- running_text_length_share[l - 1]: share of running-text words of l characters (frequency-weighted), l = 1..24 (24 = 24+);
- running_text_length_share_no_stopwords: the same without Qdrant's English stopword list
  (qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/stop_words/english.rs);
- distinct_prefixes[variant][i][L - 1]: distinct L-character prefixes (L = 1..24) of the words of a vocabulary of
  vocab_sizes[i] distinct words, a word of fewer than L characters having none; variant `top`: the vocab_sizes[i] most
  frequent words; variant `sampled`: the distinct words of a text drawn word by word from the frequencies (seeded) until
  it shows vocab_sizes[i] distinct words (what a corpus with that vocabulary holds);
- prefix_bytes_per_char: UTF-8 bytes per character over the distinct prefixes of the whole list;
and data/language/wordfreq-en-3.1.1-top100k.tsv.gz: the 100,000 most frequent words, tab, frequency (for generated text).

Run with any Python that has wordfreq and numpy (a private venv; not the engine venvs):
  python test/calibration/wordfreq_prefixes.py
"""
from __future__ import annotations

import collections
import datetime as _dt
import json
import re
from pathlib import Path

import numpy as np
import wordfreq

OUT = Path(__file__).resolve().parent.parent.parent / "data" / "language" / "wordfreq-en-3.1.1.json"
# The 100,000 most frequent words and their frequencies (4 significant digits), for the calibration's generated text
# (edge_payload_v1_20.py, data kind wordfreq-*), which runs in the engine venv without wordfreq.
WORDS_OUT = OUT.parent / "wordfreq-en-3.1.1-top100k.tsv.gz"
LMAX = 24
STOPWORDS_RS = "qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/stop_words/english.rs"
# Qdrant's English list (the file above), split the way the tokenizer splits ("don't" -> "don", "t").
ENGLISH_STOPWORDS = set("""i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their theirs themselves what which
who whom this that that'll these those am is are was were be been being have has had having do does did doing a an the
and but if or because as until while of at by for with about against between into through during before after above
below to from up down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don don't should should've now
d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn
isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't
wouldn wouldn't""".split())
STOP_PIECES = {p for w in ENGLISH_STOPWORDS for p in re.split(r"[^\w]|_", w) if p}
VOCAB_SIZES = [100, 316, 1000, 3162, 10000, 31623, 100000]


def split(w: str) -> list[str]:
    return [p.lower() for p in re.split(r"[^\w]|_", w) if p and all(c.isalnum() for c in p)]


def prefix_counts(words) -> list[int]:
    return [len({w[:L] for w in words if len(w) >= L}) for L in range(1, LMAX + 1)]


def main() -> None:
    entries = wordfreq.top_n_list("en", 10**7, wordlist="best")
    freq: collections.Counter = collections.Counter()
    for e in entries:
        f = wordfreq.word_frequency(e, "en", wordlist="best")
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
    out = {
        "source": "wordfreq 3.1.1 (PyPI), English 'best' list, split and lowercased as Qdrant's word tokenizer does",
        "script": "test/calibration/wordfreq_prefixes.py",
        "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "list_entries": len(entries),
        "words": len(words),
        "max_length": LMAX,
        "running_text_length_share": length_share(lambda w: True),
        "running_text_length_share_no_stopwords": length_share(lambda w: w not in STOP_PIECES),
        "stopwords_source": STOPWORDS_RS,
        "vocab_sizes": VOCAB_SIZES + [len(words)],
        "distinct_prefixes": {"top": top, "sampled": sampled + [top[-1]]},
        "prefix_bytes_per_char": sum(len(x.encode()) for x in allp) / sum(len(x) for x in allp),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    import gzip
    with gzip.GzipFile(WORDS_OUT, "wb", mtime=0) as gz:
        gz.write("".join(f"{w}\t{float(f):.4g}\n" for w, f in zip(words[:100_000], p[:100_000])).encode())
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "distinct_prefixes"}, indent=1))
    for name, rows in out["distinct_prefixes"].items():
        for v, r in zip(out["vocab_sizes"], rows):
            print(name, v, sum(r), r[:10])


if __name__ == "__main__":
    main()
