#!/usr/bin/env python3
"""Measure the Business style on a corpus with the real engine.

Runs parlance with the rules read from disk (so edits to rules/Business/*.yml
count without a rebuild) over a corpus, then prints, per rule, its level and
its number of hits. With --sample N it also prints N random hits per rule
(all of them when a rule has N or fewer), each with about 120 characters of
the file around the match, so that a person can judge them. The sample is
deterministic for a given --seed, corpus and rule set.

Run it from the repository root:

    python3 scripts/business-precision.py
    python3 scripts/business-precision.py --sample 30 --seed 1
    python3 scripts/business-precision.py --sample 30 --seed 1 --rule Passive
    python3 scripts/business-precision.py --labelled tests/data/business-labelled.tsv

With --labelled FILE it instead measures recall and false alarms on
sentences labelled by hand (see tests/data/README.md): each sentence is
linted on its own, as a paragraph of a plain-text file, and a finding of
one of its family's rules counts. Recall is the share of misuses flagged
(at any level); a false alarm is a correct use warned about (warning or
error). --show prints every miss and false alarm.

Standard library only.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

LEVELS = ("error", "warning", "suggestion")


def parse_args():
    p = argparse.ArgumentParser(
        description="Per-rule hit counts and random samples of the Business "
        "style on a corpus, from the real engine."
    )
    p.add_argument("--binary", default="target/release/parlance",
                   help="parlance binary (default: %(default)s)")
    p.add_argument("--corpus", default="../shared/corpus/business",
                   help="folder or file to lint (default: %(default)s)")
    p.add_argument("--rules", default="rules",
                   help="StylesPath holding the Business folder "
                   "(default: %(default)s)")
    p.add_argument("--style", default="Business",
                   help="style to measure (default: %(default)s)")
    p.add_argument("--sample", type=int, default=0, metavar="N",
                   help="print N random hits per rule (all if fewer)")
    p.add_argument("--seed", default="0", metavar="S",
                   help="seed for the sample (default: %(default)s)")
    p.add_argument("--rule", action="append", default=[], metavar="NAME",
                   help="only sample these rules (repeatable; 'Passive' or "
                   "'Business.Passive')")
    p.add_argument("--level", action="append", default=[], choices=LEVELS,
                   help="only sample rules at this level (repeatable)")
    p.add_argument("--context", type=int, default=120, metavar="BYTES",
                   help="bytes of context on each side (default: %(default)s)")
    p.add_argument("--max-match", type=int, default=400, metavar="BYTES",
                   help="shorten matches longer than this in the sample "
                   "(default: %(default)s)")
    p.add_argument("--labelled", metavar="TSV",
                   help="measure recall and false alarms on hand-labelled "
                   "sentences instead of sampling a corpus")
    p.add_argument("--show", action="store_true",
                   help="with --labelled, print every miss and false alarm")
    p.add_argument("--hits-json", metavar="FILE",
                   help="also write the engine's raw JSON findings to FILE")
    return p.parse_args()


def write_config(folder, rules, style):
    path = os.path.join(folder, ".vale.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("StylesPath = %s\n" % rules)
        f.write("MinAlertLevel = suggestion\n")
        f.write("[*]\n")
        f.write("BasedOnStyles = %s\n" % style)
    return path


def rule_levels(binary, config, style):
    """Every rule in effect, from `parlance rules`: {name: level}."""
    out = subprocess.run([binary, "rules", "--config", config], cwd=os.path.dirname(config),
                         check=True, capture_output=True, text=True).stdout
    levels = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(style + ".") and parts[1] in LEVELS:
            levels[parts[0]] = parts[1]
    return levels


def run_engine(binary, config, corpus):
    proc = subprocess.run(
        [binary, "--format", "json", "--no-exit", "--config", config, corpus],
        cwd=os.path.dirname(config), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit("parlance failed with exit code %d" % proc.returncode)
    return json.loads(proc.stdout or "[]")


def one_line(text):
    return re.sub(r"\s+", " ", text)


def excerpt(hit, width, max_match, cache):
    path = hit["path"]
    data = cache.get(path)
    if data is None:
        with open(path, "rb") as f:
            data = f.read()
        cache.clear()  # keep one file in memory; the hits are sorted by path
        cache[path] = data
    s, e = hit["byte_start"], hit["byte_end"]
    before = data[max(0, s - width):s].decode("utf-8", "replace")
    match = data[s:e].decode("utf-8", "replace")
    after = data[e:e + width].decode("utf-8", "replace")
    if len(match) > max_match:
        half = max_match // 2
        match = match[:half] + " […] " + match[-half:]
    return "%s[[%s]]%s" % (one_line(before), one_line(match), one_line(after))


# Which rules answer for a family of words in the labelled data.
FAMILIES = {
    "affect": r"Affect|Effect",
    "fewer": r"FewerLess|AmountOf",
    "insure": r"Insure|Assure",
    "principal": r"Principal|Principle",
    "complement": r"Compl[ei]ment",
    "client": r"Client|Customer|Consumer|Costumer|Patron|Buyer",
}


def labelled(args, binary, rules):
    import csv
    with open(args.labelled, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    unknown = sorted({r["family"] for r in rows} - set(FAMILIES))
    if unknown:
        sys.exit("unknown families in %s: %s" % (args.labelled, ", ".join(unknown)))
    with tempfile.TemporaryDirectory(prefix="business-labelled-") as tmp:
        config = write_config(tmp, rules, args.style)
        doc = os.path.join(tmp, "sentences.txt")
        first_line = []
        with open(doc, "w", encoding="utf-8") as f:
            line = 1
            for r in rows:
                first_line.append(line)
                f.write(one_line(r["text"]) + "\n\n")
                line += 2
        hits = run_engine(binary, config, doc)
    by_line = {}
    for h in hits:
        by_line.setdefault(h["line"], []).append(h)
    stats = {}
    misses, alarms = [], []
    for r, line in zip(rows, first_line):
        # Document-level consistency rules compare sentences with each
        # other, which only means something within one real document.
        rx = re.compile(r"^%s\.(?!\w*Consistency$)\w*(?:%s)"
                        % (re.escape(args.style), FAMILIES[r["family"]]))
        found = [h for h in by_line.get(line, []) if rx.match(h["rule"])]
        s = stats.setdefault(r["family"], [0, 0, 0, 0, 0])
        if r["label"] == "misuse":
            s[0] += 1
            if found:
                s[1] += 1
            else:
                misses.append(r)
        elif r["label"] == "correct":
            s[2] += 1
            warned = [h for h in found if h["severity"] in ("error", "warning")]
            if warned:
                s[3] += 1
                alarms.append((r, warned))
            elif found:
                s[4] += 1
        else:
            sys.exit("label must be misuse or correct, not %r" % r["label"])
    pct = lambda a, b: "%5.1f%%" % (100.0 * a / b) if b else "    -"
    print("%-11s %8s %8s %7s   %8s %7s %7s %11s"
          % ("family", "misuses", "flagged", "recall", "correct", "warned", "rate", "suggested"))
    total = [0, 0, 0, 0, 0]
    for fam in sorted(stats):
        s = stats[fam]
        total = [a + b for a, b in zip(total, s)]
        print("%-11s %8d %8d %7s   %8d %7d %7s %11d"
              % (fam, s[0], s[1], pct(s[1], s[0]), s[2], s[3], pct(s[3], s[2]), s[4]))
    s = total
    print("%-11s %8d %8d %7s   %8d %7d %7s %11d"
          % ("all", s[0], s[1], pct(s[1], s[0]), s[2], s[3], pct(s[3], s[2]), s[4]))
    if args.show:
        for r in misses:
            print("\nmissed (%s): %s\n  %s" % (r["family"], r["source"], r["text"]))
        for r, warned in alarms:
            print("\nfalse alarm (%s, %s): %s\n  %s"
                  % (r["family"], ", ".join(h["rule"] for h in warned), r["source"], r["text"]))


def main():
    args = parse_args()
    binary = os.path.abspath(args.binary)
    corpus = os.path.abspath(args.corpus)
    rules = os.path.abspath(args.rules)
    for what, path in (("binary", binary), ("corpus", corpus), ("rules", rules)):
        if not os.path.exists(path):
            sys.exit("%s not found: %s" % (what, path))
    if args.labelled:
        labelled(args, binary, rules)
        return

    with tempfile.TemporaryDirectory(prefix="business-precision-") as tmp:
        config = write_config(tmp, rules, args.style)
        levels = rule_levels(binary, config, args.style)
        hits = run_engine(binary, config, corpus)

    if args.hits_json:
        with open(args.hits_json, "w", encoding="utf-8") as f:
            json.dump(hits, f)

    by_rule = {}
    for h in hits:
        if h["rule"].startswith(args.style + "."):
            by_rule.setdefault(h["rule"], []).append(h)
            levels.setdefault(h["rule"], h["severity"])
    for rule_hits in by_rule.values():
        rule_hits.sort(key=lambda h: (h["path"], h["byte_start"], h["byte_end"]))

    order = sorted(levels, key=lambda r: (LEVELS.index(levels[r]), r))
    print("%-38s %-10s %7s" % ("rule", "level", "hits"))
    for r in order:
        print("%-38s %-10s %7d" % (r, levels[r], len(by_rule.get(r, []))))
    print("%-38s %-10s %7d" % ("total", "", sum(len(v) for v in by_rule.values())))
    print("corpus: %s" % corpus)

    if args.sample <= 0:
        return
    wanted = {r if "." in r else "%s.%s" % (args.style, r) for r in args.rule}
    cache = {}
    for r in order:
        if wanted and r not in wanted:
            continue
        if args.level and levels[r] not in args.level:
            continue
        rule_hits = by_rule.get(r, [])
        if not rule_hits:
            continue
        # A string seed is hashed deterministically (SHA-512) by `random`.
        rng = random.Random("%s:%s" % (args.seed, r))
        if len(rule_hits) > args.sample:
            picked = sorted(rng.sample(range(len(rule_hits)), args.sample))
        else:
            picked = list(range(len(rule_hits)))
        print()
        print("=" * 78)
        print("%s (%s): %d of %d hits, seed %s"
              % (r, levels[r], len(picked), len(rule_hits), args.seed))
        print("=" * 78)
        for n, i in enumerate(picked, 1):
            h = rule_hits[i]
            rel = os.path.relpath(h["path"], corpus)
            print("\n%d. %s:%d:%d" % (n, rel, h["line"], h["column"]))
            print("   message: %s" % h["message"])
            print("   %s" % excerpt(h, args.context, args.max_match, cache))


if __name__ == "__main__":
    main()
