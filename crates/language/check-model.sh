#!/usr/bin/env bash
# Retrains the part-of-speech model from UD English EWT and fails unless the
# result is byte-identical to the committed model; then prints the accuracy
# on the test split and fails below MIN_ACCURACY (default 95).
#
#   crates/language/check-model.sh [EWT_DIR]    (default: ../shared/ud-english-ewt
#                                                from the repository root)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
ewt=${1:-../shared/ud-english-ewt}
min=${MIN_ACCURACY:-95}
model=crates/language/model/en-ewt.bin.lz4

if [[ ! -f $ewt/en_ewt-ud-train.conllu ]]; then
    echo "check-model: no en_ewt-ud-train.conllu in $ewt" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cargo run --quiet --release --locked -p parlance-language --bin train-tagger -- \
    "$ewt" "$tmp/model.bin.lz4" --quiet | tee "$tmp/scores"

if ! cmp -s "$tmp/model.bin.lz4" "$model"; then
    echo "check-model: retraining gave a model different from $model" >&2
    echo "  (sizes: $(wc -c <"$tmp/model.bin.lz4") retrained, $(wc -c <"$model") committed)" >&2
    exit 1
fi
echo "check-model: the retrained model is byte-identical to $model"

accuracy=$(awk '$1 == "test:" { sub("%", "", $2); print $2 }' "$tmp/scores")
if awk -v a="$accuracy" -v m="$min" 'BEGIN { exit !(a >= m) }'; then
    echo "check-model: test accuracy $accuracy% (at least $min%)"
else
    echo "check-model: test accuracy $accuracy% is below $min%" >&2
    exit 1
fi
