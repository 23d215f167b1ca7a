#!/usr/bin/env python3
"""Measures name-matching quality through `peyvand names rank` on shared/data/names-dev.tsv.

Usage (from the repository root, after `cargo build --release`):

    python3 tools/names_eval.py [--data ../shared/data/names-dev.tsv]
                                [--peyvand target/release/peyvand] [--half dev|validation|all]
                                [--unfiltered] [--show-misses N]

It builds candidate and query files, runs the ranking command once per task, and prints
recall@1 and recall@5 for
  * Latin<->Latin: every spelling of a key that has two or more spellings is a query; the
    candidates are every Latin spelling in the file except the query itself; a hit is
    another spelling of the same key;
  * Persian->Latin: every key is a query against the same candidates; a hit is one of its
    Latin spellings;
and the top-1 confusion rate on hand-made hard-negative pairs (Hassan/Hossein, ...).

Development/validation split: keys are split in two halves by the first byte of
MD5(key) (even: dev, odd: validation). The matcher was tuned looking only at dev misses;
validation figures are reported as they came out.

Noise filter (generic, it does not use the matcher; --unfiltered turns it off, the case
merge stays):
  1. spellings that differ only in case are one spelling (counts summed);
  2. length: Latin letters / Persian letters must lie in [0.7, 2.6], and a spelling's
     letters / those of the key's most frequent spelling in [0.7, 1.4] (a dropped or an
     extra compound half falls outside: Ahmad for AHMADJAN, Mohammad-Hossein for MOHAMMAD,
     Khorsandipish beside Khorsandi);
  3. a spelling seen once whose best difflib ratio against the key's other spellings is
     below 0.5 is an alignment error (Mahmoud among the spellings of MOHAMMAD);
  4. a spelling seen at most twice whose consonants share less than 40 % (difflib ratio)
     with a plain letter-by-letter transliteration of the key is an alignment error
     (Ghaffari for SHERVAN).
"""

import argparse
import collections
import csv
import difflib
import hashlib
import os
import subprocess
import sys
import tempfile

# A plain one-letter-per-letter transliteration, used only by the noise filter.
PLAIN = {
    "ا": "a", "آ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
    "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v",
    "ه": "h", "ي": "y", "ی": "y", "ء": "", "ئ": "", "ؤ": "v", "أ": "a", "إ": "e", "ة": "h",
}

# Hard negatives: pairs of different names that look alike in Latin script. Only
# unambiguous spellings are listed (Zohra, used for both ZAHRA and ZOHREH, is left out).
HARD_NEGATIVES = [
    (("حسن", ["Hassan", "Hasan"]),
     ("حسین", ["Hossein", "Hosein", "Hussein", "Husain", "Hossain", "Hosseyn", "Husayn", "Hussain"])),
    (("محمد", ["Mohammad", "Mohammed", "Muhammad", "Mohamad", "Mohamed", "Muhammed"]),
     ("محمود", ["Mahmoud", "Mahmood", "Mahmud"])),
    (("زهرا", ["Zahra", "Zahraa", "Zahrah"]), ("زهره", ["Zohreh", "Zohre"])),
    (("سعید", ["Saeed", "Saeid", "Said", "Saied"]),
     ("سعیده", ["Saeedeh", "Saeideh", "Saideh", "Saeede"])),
    (("حمید", ["Hamid", "Hameed"]), ("حمیده", ["Hamideh", "Hamide", "Hamida"])),
    (("فرید", ["Farid", "Fareed"]), ("فریده", ["Farideh", "Faride", "Farida"])),
    (("ناصر", ["Naser", "Nasser"]), ("نصیر", ["Nasir", "Naseer"])),
    (("کریم", ["Karim", "Kareem"]), ("کرم", ["Karam"])),
    (("هادی", ["Hadi", "Hady"]), ("هدی", ["Hoda", "Huda"])),
    (("جلال", ["Jalal", "Djalal"]), ("جلیل", ["Jalil", "Djalil", "Jaleel"])),
    (("کمال", ["Kamal"]), ("کامل", ["Kamel", "Kamil"])),
    (("مینا", ["Mina", "Meena"]), ("مینو", ["Minoo", "Minou", "Minu"])),
    (("حسنی", ["Hassani", "Hasani"]),
     ("حسینی", ["Hosseini", "Hoseini", "Husseini", "Hosseyni", "Hussaini"])),
    (("محمدی", ["Mohammadi", "Mohamadi", "Muhammadi"]),
     ("محمودی", ["Mahmoudi", "Mahmoodi", "Mahmudi"])),
    (("جواد", ["Javad", "Jawad"]), ("جاوید", ["Javid", "Jawid"])),
    (("مهدی", ["Mehdi", "Mahdi"]), ("مهدیه", ["Mahdieh", "Mahdiyeh", "Mahdie"])),
    (("امین", ["Amin", "Ameen"]), ("امینه", ["Amineh", "Amine"])),
    (("پروین", ["Parvin", "Parveen"]), ("پروانه", ["Parvaneh", "Parvane"])),
    (("منصور", ["Mansour", "Mansoor", "Mansur"]), ("منصوره", ["Mansoureh", "Mansoure"])),
]


def consonants(s):
    return "".join(c for c in s.lower() if c.isalpha() and c not in "aeiouyhw'")


def plain(key):
    return "".join(PLAIN.get(c, c) for c in key)


def ratio(a, b):
    return difflib.SequenceMatcher(None, a, b).ratio()


def load(path, filtered):
    counts = collections.defaultdict(collections.Counter)  # key -> casefold -> count
    display = collections.defaultdict(collections.Counter)  # casefold -> form -> count
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            latin = row["latin"].strip()
            if not latin:
                continue
            folded = latin.casefold()
            counts[row["persian_key"]][folded] += int(row["count"])
            display[folded][latin] += int(row["count"])
    keys = {}
    dropped = collections.Counter()
    for key, spellings in counts.items():
        kept = {}
        dominant = max(spellings, key=lambda s: (spellings[s], s))
        dominant_letters = sum(c.isalpha() for c in dominant)
        for s, n in spellings.items():
            if filtered:
                letters = sum(c.isalpha() for c in s)
                if s != dominant and not 0.7 <= letters / max(1, dominant_letters) <= 1.4:
                    dropped["compound"] += 1
                    continue
                letters = sum(c.isalpha() for c in s)
                if not 0.7 <= letters / max(1, len(key)) <= 2.6:
                    dropped["length"] += 1
                    continue
                others = [o for o in spellings if o != s]
                if n == 1 and others and max(ratio(s, o) for o in others) < 0.5:
                    dropped["outlier"] += 1
                    continue
                if n <= 2 and ratio(consonants(s), consonants(plain(key))) < 0.4:
                    dropped["transliteration"] += 1
                    continue
            kept[s] = n
        if kept:
            keys[key] = kept
    forms = {f: c.most_common(1)[0][0] for f, c in display.items()}
    return keys, forms, dropped


def half_of(key):
    return "dev" if hashlib.md5(key.encode("utf-8")).digest()[0] % 2 == 0 else "validation"


def run_rank(peyvand, candidates, queries, top):
    with tempfile.TemporaryDirectory() as tmp:
        cpath = os.path.join(tmp, "candidates.txt")
        qpath = os.path.join(tmp, "queries.txt")
        with open(cpath, "w", encoding="utf-8") as f:
            f.write("\n".join(candidates) + "\n")
        with open(qpath, "w", encoding="utf-8") as f:
            f.write("\n".join(dict.fromkeys(queries)) + "\n")
        out = subprocess.run(
            peyvand.split() + ["names", "rank", "--candidates", cpath, "--queries", qpath,
                               "--top", str(top)],
            check=True, capture_output=True, text=True, encoding="utf-8")
    ranked = collections.defaultdict(list)
    for line in out.stdout.splitlines():
        q, _rank, cand, score = line.split("\t")
        ranked[q].append((cand, float(score)))
    return ranked


def hits(ranked, query, exclude_self, k):
    out = [c for c, _ in ranked.get(query, []) if not (exclude_self and c.casefold() == query.casefold())]
    return out[:k]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "names-dev.tsv"))
    ap.add_argument("--peyvand", default=os.path.join(here, "..", "target", "release", "peyvand"))
    ap.add_argument("--half", choices=["dev", "validation", "all"], default="all")
    ap.add_argument("--unfiltered", action="store_true")
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args()

    keys, forms, dropped = load(args.data, not args.unfiltered)
    rows = sum(len(v) for v in keys.values())
    print(f"data: {len(keys)} keys, {rows} distinct spellings kept; dropped by the filter: "
          f"{dict(dropped) or 'nothing'}")
    pool = sorted({forms[s] for v in keys.values() for s in v})
    halves = ["dev", "validation"] if args.half == "all" else [args.half]

    # Latin<->Latin and Persian->Latin, one run each over both halves.
    ll_queries, pl_queries = [], []
    for key, spellings in keys.items():
        pl_queries.append(key)
        if len(spellings) >= 2:
            ll_queries.extend(forms[s] for s in spellings)
    rank = lambda c, q: run_rank(args.peyvand, c, q, 6)
    ll = rank(pool, ll_queries)
    pl = rank(pool, pl_queries)

    for half in halves:
        ll_tasks, pl_tasks = [], []
        for key, spellings in keys.items():
            if half_of(key) != half:
                continue
            truth = set(spellings)
            pl_tasks.append((key, truth))
            if len(spellings) >= 2:
                for s in spellings:
                    ll_tasks.append((forms[s], truth - {s}))
        for name, tasks, ranked, self_ex in (("Latin<->Latin", ll_tasks, ll, True),
                                             ("Persian->Latin", pl_tasks, pl, False)):
            at1 = sum(1 for q, t in tasks if any(h.casefold() in t for h in hits(ranked, q, self_ex, 1)))
            at5 = sum(1 for q, t in tasks if any(h.casefold() in t for h in hits(ranked, q, self_ex, 5)))
            n = max(1, len(tasks))
            print(f"{half:10s} {name:15s} n={len(tasks):5d}  recall@1 {at1 / n:.3f}  recall@5 {at5 / n:.3f}")
            if args.show_misses:
                misses = [(q, t) for q, t in tasks
                          if not any(h.casefold() in t for h in hits(ranked, q, self_ex, 1))]
                for q, t in misses[:args.show_misses]:
                    print(f"    miss {q!r}: got {hits(ranked, q, self_ex, 3)}, want {sorted(t)[:4]}")

    # Hard negatives.
    extra = [s for pair in HARD_NEGATIVES for side in pair for s in side[1]]
    hn_pool = sorted(set(pool) | set(extra), key=str.casefold)
    hn_pool = list({c.casefold(): c for c in hn_pool}.values())
    tasks = []
    for a, b in HARD_NEGATIVES:
        for (qa, sa), (_, sb) in ((a, b), (b, a)):
            own = {s.casefold() for s in sa}
            other = {s.casefold() for s in sb}
            tasks.append((qa, own, other, False))
            # A Latin query needs another spelling of its own name among the candidates.
            tasks.extend((s, own - {s.casefold()}, other, True) for s in sa if len(own) > 1)
    hn = run_rank(args.peyvand, hn_pool, [t[0] for t in tasks], 3)
    confused, right = 0, 0
    for q, own, other, self_ex in tasks:
        top = hits(hn, q, self_ex, 1)
        if top and top[0].casefold() in other:
            confused += 1
            if args.show_misses:
                print(f"    confused {q!r} -> {top[0]!r}")
        if top and top[0].casefold() in own:
            right += 1
    print(f"hard negatives: {len(HARD_NEGATIVES)} pairs, {len(tasks)} queries: top-1 confusion "
          f"{confused / len(tasks):.3f} ({confused}), top-1 own name {right / len(tasks):.3f}")


if __name__ == "__main__":
    sys.exit(main())
