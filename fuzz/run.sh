#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer's coverage instrumentation on
# stable Rust (the flags `cargo fuzz build -O --sanitizer none` passes, so
# both share one build in fuzz/target) and runs each for SECONDS, starting
# from the committed seeds and regression inputs plus whatever corpus/
# has grown locally. A crash stops the run with the input saved under
# artifacts/TARGET/; commit it to regressions/TARGET/ named after what it
# caught, once fixed.
#
#   fuzz/run.sh [SECONDS [TARGET…]]     default: 60 s, every target
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(prose_view rule_loading check_spans fix_round_trip lsp_edits lsp_messages lsp_framing tengo_scripts)
fi
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-sanitizer-coverage-stack-depth \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
-Ccodegen-units=1"
cargo build --release --locked --target "$triple" --bins
for target in "${targets[@]}"; do
    echo "== fuzz $target (${seconds} s)"
    mkdir -p "corpus/$target" "artifacts/$target"
    dirs=("corpus/$target" "seeds/$target")
    [ -d "regressions/$target" ] && dirs+=("regressions/$target")
    "target/$triple/release/$target" -max_total_time="$seconds" -timeout=60 \
        -rss_limit_mb=4096 -report_slow_units=60 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" "${dirs[@]}" 2>&1 \
        | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|Done |==[0-9]+==|thread .* panicked|SUMMARY)' \
        || true
    if compgen -G "artifacts/$target/[clot]*-*" >/dev/null; then
        echo "fuzz $target: crash saved in fuzz/artifacts/$target/"
        exit 1
    fi
done
