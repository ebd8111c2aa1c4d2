#!/usr/bin/env bash
# The language server in a real editor: headless Neovim with the minimal
# config beside this script opens fixtures/lsp/costumer.md, waits for
# parlance's diagnostics and prints them; this script checks they are the
# expected ones, at the expected columns (the fixture has an emoji before
# the first finding, so UTF-16 positions must be right for the columns to be).
#
#   tests/nvim/run.sh [PATH/TO/parlance]      (default target/release/parlance)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$(cd "$repo" && realpath "${1:-target/release/parlance}")"

if ! command -v nvim >/dev/null; then
    echo "nvim not found: install Debian's neovim package" >&2
    exit 2
fi

# A scratch home: no user config, no shada, no swap, logs kept out of ~.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$repo/fixtures/lsp/costumer.md" "$work/"
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" PARLANCE_BIN="$bin"

status=0
out="$(cd "$work" && timeout 60 nvim --headless -n -i NONE -u "$repo/tests/nvim/init.lua" costumer.md)" || status=$?
echo "$out"
if [ "$status" != 0 ]; then
    echo "neovim: no diagnostics arrived (exit $status)" >&2
    exit 1
fi

fail=0
expect() {
    if ! grep -qF -- "$1" <<<"$out"; then
        echo "missing: $1" >&2
        fail=1
    fi
}
# Line 3 is "😀 Our costumer called…": the emoji is 4 bytes, so "costumer"
# starts at byte column 10 (1-based).
expect "3:10-3:18 error Business.Costumer parlance:"
expect "5:8-5:20 error Business.DependantOn parlance:"
if [ "$fail" != 0 ]; then
    exit 1
fi
echo "neovim: 2 expected diagnostics at exact positions"
