#!/usr/bin/env bash
# Times parlance over a corpus beside ripgrep searching the same files for
# the same rule words as fixed strings (the cheapest possible scan), in one
# run, and prints the ratio, throughput and peak memory.
#
#   scripts/bench-corpus.sh [CORPUS] [RUNS]
#
# Needs ripgrep (`apt-get install ripgrep`) and GNU time (`apt-get install time`).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus/business}
RUNS=${2:-5}
BIN=target/release/parlance

command -v rg >/dev/null || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 2; }
cargo build --release --quiet

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The literal words the built-in rules scan for, run from an empty folder
# so that no config applies.
(cd "$WORK" && HOME="$WORK" "$OLDPWD/$BIN" literals > words.txt 2>/dev/null)
WORDS=$(wc -l < "$WORK/words.txt")
# Only the files parlance lints: Markdown and text.
find "$CORPUS" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' \) > "$WORK/files.txt"
BYTES=$(tr '\n' '\0' < "$WORK/files.txt" | xargs -0 cat | wc -c)
FILES=$(wc -l < "$WORK/files.txt")

# Best wall time of $RUNS runs, and the peak RSS of that run, of a command.
best() {
    local best_s="" best_kb=""
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" > /dev/null 2>"$WORK/err" || true
        read -r s kb < "$WORK/t"
        if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
    done
    echo "$best_s $best_kb"
}

read -r rg_s rg_kb < <(best rg -F -c -f "$WORK/words.txt" -g '*.md' -g '*.markdown' -g '*.txt' "$CORPUS")
read -r p_s p_kb < <(cd "$WORK" && HOME="$WORK" best "$OLDPWD/$BIN" --format json --no-exit "$OLDPWD/$CORPUS" 2>/dev/null)

mb=$(awk "BEGIN{printf \"%.1f\", $BYTES/1e6}")
echo "corpus:    $CORPUS ($FILES files, $mb MB)"
echo "words:     $WORDS literal rule words (built-in Business style)"
echo "ripgrep:   ${rg_s}s  (rg -F -c -f WORDS), peak ${rg_kb} KB"
echo "parlance:  ${p_s}s  ($(awk "BEGIN{printf \"%.0f\", $BYTES/1e6/$p_s}") MB/s), peak $((p_kb / 1024)) MB"
echo "ratio:     $(awk "BEGIN{printf \"%.1f\", $p_s/$rg_s}")x ripgrep (best of $RUNS runs each)"
