#!/usr/bin/env python3
"""Compare parlance with Vale 3.7.1 on real text, alert by alert.

Runs parlance with the oracle's `vale.ini` over the same folder Vale linted
(`../shared/corpus/business/ms-dynamics365-contact-center`) and compares the
alerts on (path, line, column, rule) with `../shared/vale-oracle/`'s JSON.

    python3 scripts/vale-oracle-diff.py [--bin target/release/parlance]
        [--shared ../shared] [--rule PREFIX] [--examples 3]
        [--min-agreement 95]

The differences docs/vale-compatibility.md explains as deliberate (Vale
3.7.1 missing front matter after a byte-order mark; positions Vale finds by
searching for the matched text) are recognised and set aside; the figures
are printed both ways. Exit 1 when an agreement is below --min-agreement.
"""

import argparse
import collections
import json
import os
import re
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


def front_matter_lines(path):
    """Lines of the front matter of a file that starts with a BOM, else 0."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\xef\xbb\xbf---"):
        return 0
    lines = data.split(b"\n")
    for number, line in enumerate(lines[1:], 2):
        if line.strip() in (b"---", b"..."):
            return number
    return 0


def deliberate(vale, ours, only_vale, only_ours, corpus):
    """The differences docs/vale-compatibility.md explains, by reason."""
    reasons = {}
    # 1. Vale 3.7.1 does not see front matter after a byte-order mark.
    bom = {}
    for key in only_vale:
        path = key[0]
        if path not in bom:
            bom[path] = front_matter_lines(os.path.join(corpus, path))
        # Metric alerts (no matched text) sit at 1:1 whatever the text.
        if key[1] <= bom[path] and vale[key]["Match"]:
            reasons[key] = "front matter after a BOM"
    # 2. Vale finds positions by searching for the matched text: the same
    # alert lands on another column of the line, or two alerts collapse
    # into one. Pair them on (path, line, rule, text).
    # The text is compared without inline markup: Vale matches the
    # markup-free text and, when that is not in the file as written
    # (`is [provisioned](…)`), its search gives up and says column 1.
    def plain(text):
        return " ".join(re.sub(r"[\[\]*_`]", "", text).split())

    def by_text(keys, source):
        groups = collections.defaultdict(list)
        for k in sorted(keys):
            groups[(k[0], k[1], k[3], plain(source[k]["Match"]))].append(k)
        return groups

    vale_left = by_text((k for k in only_vale if k not in reasons), vale)
    ours_left = by_text(only_ours, ours)
    vale_all = by_text(vale.keys(), vale)
    for group, keys in ours_left.items():
        partners = vale_left.get(group, [])
        for k_vale, k_ours in zip(partners, keys):
            reasons[k_vale] = reasons[k_ours] = "position found by search"
        for k_ours in keys[len(partners):]:
            if vale_all.get(group):
                reasons[k_ours] = "position found by search"
    # 3. A parlance match that spans inline markup (`INCLUDE[cc` in
    # `[!INCLUDE[cc-x](x.md)]`) is not in the file as Vale searches for it:
    # Vale drops the alert.
    for k in only_ours:
        if k not in reasons and re.search(r"[\[\]*`]", ours[k]["Match"]):
            reasons[k] = "match spans inline markup"
    return reasons


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

    both = vale.keys() & ours.keys()
    only_vale = vale.keys() - ours.keys()
    only_ours = ours.keys() - vale.keys()
    reasons = deliberate(vale, ours, only_vale, only_ours, corpus)
    set_aside_vale = {k for k in only_vale if k in reasons}
    set_aside_ours = {k for k in only_ours if k in reasons}

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
    for reason, count in collections.Counter(reasons.values()).most_common():
        print(f"  set aside, {reason}: {count}")
    print(f"Vale's alerts parlance reproduces: {raw_vale:.1f}% raw, {adj_vale:.1f}% with deliberate differences set aside")
    print(f"parlance's alerts Vale also reports: {raw_ours:.1f}% raw, {adj_ours:.1f}% with deliberate differences set aside")
    if min(adj_vale, adj_ours) < args.min_agreement:
        print(f"agreement below {args.min_agreement}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
