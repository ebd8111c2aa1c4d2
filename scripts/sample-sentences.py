#!/usr/bin/env python3
"""Print a seeded random sample of corpus sentences holding one family's words.

The corpus rows of tests/data/business-labelled.tsv were drawn with this
script and then labelled by hand (misuse or correct):

    python3 scripts/sample-sentences.py affect 45 1
    python3 scripts/sample-sentences.py fewer 45 1
    python3 scripts/sample-sentences.py insure 40 1
    python3 scripts/sample-sentences.py principal 40 1
    python3 scripts/sample-sentences.py complement 35 1
    python3 scripts/sample-sentences.py client 60 1

Arguments: FAMILY COUNT SEED [CORPUS]. Output: `path:line<TAB>sentence`,
with Markdown links and emphasis stripped; code blocks, tables, headings
and HTML lines are skipped. Standard library only.
"""
import os, re, random, sys
root = sys.argv[4] if len(sys.argv) > 4 else "../shared/corpus/business"
fams = {
 "affect": r"\b(?:affect|affects|affected|affecting|effect|effects|effected|effecting)\b",
 "fewer": r"\b(?:less|fewer|amount of)\b",
 "insure": r"\b(?:insure|insures|insured|insuring|assure|assures|assured|assuring|ensure)\b",
 "principal": r"\b(?:principal|principals|principle|principles)\b",
 "complement": r"\b(?:complement\w*|compliment\w*)\b",
 "client": r"\b(?:client|clients|customer|customers|consumer|consumers|patron|patrons|buyer|buyers|clientele)\b",
}
files = []
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith(".md"): files.append(os.path.join(d, f))
files.sort()
sents = {k: [] for k in fams}
for p in files:
    in_code = False
    for n, line in enumerate(open(p, encoding="utf-8", errors="replace"), 1):
        if line.lstrip().startswith("```"): in_code = not in_code; continue
        if in_code or line.startswith(("|", "    ", "<", "#", "---", "title:", "description:")): continue
        t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        t = re.sub(r"[*_`]", "", t).strip().lstrip("-*0123456789. >")
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", t):
            s = s.strip()
            if not (40 <= len(s) <= 260) or "[!" in s or "](" in s or "{" in s: continue
            for k, rx in fams.items():
                if re.search(rx, s, re.I):
                    sents[k].append((os.path.relpath(p, root), n, s))
fam = sys.argv[1]; k = int(sys.argv[2]); seed = sys.argv[3]
rng = random.Random(seed)
pool = sents[fam]
seen=set(); uniq=[]
for x in pool:
    if x[2] not in seen: seen.add(x[2]); uniq.append(x)
print(len(uniq), file=sys.stderr)
for x in sorted(rng.sample(uniq, min(k, len(uniq)))):
    print("%s:%d\t%s" % x)
