#!/usr/bin/env bash
# Runs each public Vale style package in ../shared/vale-styles over the
# business corpus on its own, and prints per package: rule files, rules that
# run, rules skipped (with the notice parlance gave), tool errors, alerts and
# time. Exits 1 if any package's run failed (a tool error, a crash, output
# that is not JSON), so CI catches it. Usage:
# scripts/vale-packages.sh [BIN] [SHARED]
set -euo pipefail
bin=$(realpath "${1:-target/release/parlance}")
shared=$(realpath "${2:-../shared}")
styles="$shared/vale-styles"
corpus="$shared/corpus/business"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-12s %6s %6s %8s %7s %8s %7s\n' package files run skipped errors alerts seconds
for dir in "$styles"/*/; do
    pkg=$(basename "$dir")
    files=$(find "$dir" -maxdepth 1 -name '*.yml' | wc -l)
    printf 'StylesPath = %s\nMinAlertLevel = suggestion\n[*]\nBasedOnStyles = %s\n' \
        "$styles" "$pkg" >"$work/$pkg.ini"
    run=$("$bin" rules --config "$work/$pkg.ini" 2>/dev/null | grep -c "^$pkg\." || true)
    start=$(date +%s.%N)
    status=0
    "$bin" --config "$work/$pkg.ini" --format json --no-exit "$corpus" \
        >"$work/$pkg.json" 2>"$work/$pkg.err" || status=$?
    end=$(date +%s.%N)
    skipped=$(grep -c 'skipped' "$work/$pkg.err" || true)
    errors=$(grep -c '^error' "$work/$pkg.err" || true)
    alerts=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/$pkg.json" 2>/dev/null || echo "?")
    printf '%-12s %6s %6s %8s %7s %8s %7.2f\n' "$pkg" "$files" "$run" "$skipped" "$errors" "$alerts" \
        "$(echo "$end - $start" | bc)"
    grep 'skipped\|^error' "$work/$pkg.err" | sed 's/^/    /' | sort | uniq -c | sort -rn | head -5 || true
    if [ "$status" -ne 0 ] || [ "$alerts" = "?" ]; then
        echo "    FAILED: exit $status" >&2
        grep -m3 'panicked\|^error' "$work/$pkg.err" | sed 's/^/    /' >&2 || true
        failed=1
    fi
done
exit "${failed:-0}"
