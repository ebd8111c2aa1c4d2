#!/usr/bin/env python3
"""Compare parlance with Vale 3.7.1 on real text, alert by alert.

Runs parlance with the oracle's `vale.ini` over the same folder Vale linted
(`../shared/corpus/business/ms-dynamics365-contact-center`) and compares the
alerts on (path, line, column, rule) with `../shared/vale-oracle/`'s JSON.

    python3 scripts/vale-oracle-diff.py [--bin target/release/parlance]
        [--shared ../shared] [--rule PREFIX] [--examples 3]
        [--deliberate docs/vale-compatibility.tsv] [--min-agreement 95]

Differences listed in the deliberate-differences file (one
`rule<TAB>path<TAB>line<TAB>column<TAB>side<TAB>reason` per line, `*` as a
wildcard for path/line/column) are set aside before the agreement is
computed; the figures are printed both ways. Exit 1 when an agreement is
below --min-agreement.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time

FOLDER = "ms-dynamics365-contact-center"


def key_of(path, alert):
    return (path, alert["Line"], alert["Span"][0], alert["Check"])


def load_alerts(data):
    alerts = {}
    for path, items in data.items():
        for alert in items:
            alerts.setdefault(key_of(path, alert), alert)
    return alerts


def load_deliberate(path):
    rules = []
    if not path or not os.path.exists(path):
        return rules
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 6 or fields[4] not in ("vale", "parlance", "*"):
                sys.exit(f"{path}:{number}: expected rule, path, line, column, side, reason")
            rules.append(fields)
    return rules


def is_deliberate(rules, key, side):
    path, line, column, rule = key
    for r_rule, r_path, r_line, r_col, r_side, _ in rules:
        if r_rule.endswith("*"):
            if not rule.startswith(r_rule[:-1]):
                continue
        elif r_rule != rule:
            continue
        if r_path not in ("*", path) or r_line not in ("*", str(line)):
            continue
        if r_col not in ("*", str(column)) or r_side not in ("*", side):
            continue
        return True
    return False


def percent(part, whole):
    return 100.0 * part / whole if whole else 100.0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(root, "target/release/parlance"))
    parser.add_argument("--shared", default=os.path.join(root, "../shared"))
    parser.add_argument("--rule", default="", help="only rules starting with this")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument(
        "--deliberate", default=os.path.join(root, "docs/vale-compatibility.tsv")
    )
    parser.add_argument("--min-agreement", type=float, default=0.0)
    args = parser.parse_args()

    shared = os.path.abspath(args.shared)
    oracle_dir = os.path.join(shared, "vale-oracle")
    corpus = os.path.join(shared, "corpus/business")
    with open(os.path.join(oracle_dir, "contact-center.vale-3.7.1.json"), encoding="utf-8") as f:
        vale = load_alerts(json.load(f))

    command = [
        os.path.abspath(args.bin),
        "--config=" + os.path.join(oracle_dir, "vale.ini"),
        "--output=JSON",
        "--no-exit",
        "--no-global",
        FOLDER,
    ]
    started = time.perf_counter()
    run = subprocess.run(command, cwd=corpus, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if run.stderr.strip():
        print(f"parlance said (exit {run.returncode}):\n{run.stderr}", file=sys.stderr)
    if not run.stdout.strip():
        sys.exit(f"parlance printed no alerts (exit {run.returncode})")
    ours = load_alerts(json.loads(run.stdout or "{}"))

    if args.rule:
        vale = {k: v for k, v in vale.items() if k[3].startswith(args.rule)}
        ours = {k: v for k, v in ours.items() if k[3].startswith(args.rule)}

    deliberate = load_deliberate(args.deliberate)
    both = vale.keys() & ours.keys()
    only_vale = vale.keys() - ours.keys()
    only_ours = ours.keys() - vale.keys()
    set_aside_vale = {k for k in only_vale if is_deliberate(deliberate, k, "vale")}
    set_aside_ours = {k for k in only_ours if is_deliberate(deliberate, k, "parlance")}

    groups = collections.defaultdict(lambda: {"vale": [], "parlance": []})
    for k in only_vale - set_aside_vale:
        groups[k[3]]["vale"].append(k)
    for k in only_ours - set_aside_ours:
        groups[k[3]]["parlance"].append(k)

    def show(side, keys, source):
        for k in sorted(keys)[: args.examples]:
            alert = source[k]
            print(f"      only {side}: {k[0]}:{k[1]}:{k[2]} {alert['Match']!r}")

    print("Differences by rule (only in Vale / only in parlance):")
    ordered = sorted(groups.items(), key=lambda kv: -(len(kv[1]["vale"]) + len(kv[1]["parlance"])))
    for rule, sides in ordered:
        print(f"  {rule}: {len(sides['vale'])} / {len(sides['parlance'])}")
        show("Vale", sides["vale"], vale)
        show("parlance", sides["parlance"], ours)

    raw_vale = percent(len(both), len(vale))
    raw_ours = percent(len(both), len(ours))
    adj_vale = percent(len(both), len(vale) - len(set_aside_vale))
    adj_ours = percent(len(both), len(ours) - len(set_aside_ours))
    print()
    print(f"parlance time: {elapsed:.2f} s")
    print(f"alerts: Vale {len(vale)}, parlance {len(ours)}, in both {len(both)}")
    print(f"only in Vale: {len(only_vale)} ({len(set_aside_vale)} documented as deliberate)")
    print(f"only in parlance: {len(only_ours)} ({len(set_aside_ours)} documented as deliberate)")
    print(f"Vale's alerts parlance reproduces: {raw_vale:.1f}% raw, {adj_vale:.1f}% with deliberate differences set aside")
    print(f"parlance's alerts Vale also reports: {raw_ours:.1f}% raw, {adj_ours:.1f}% with deliberate differences set aside")
    if min(adj_vale, adj_ours) < args.min_agreement:
        print(f"agreement below {args.min_agreement}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
