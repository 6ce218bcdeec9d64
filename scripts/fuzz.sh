#!/usr/bin/env bash
# Runs each rolecall fuzz target for SECONDS, one after another, at low
# priority. Usage: scripts/fuzz.sh SECONDS [TARGET...]  (default: all targets)
#
# cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. cargo-fuzz is installed from crates.io when missing.
# Set FUZZ_SANITIZER=address to use ASan (default: none, which works on every
# toolchain; libFuzzer still catches panics, hangs and memory blow-ups).
# The corpus lives in fuzz/corpus/TARGET, seeded from tests/fixtures (decks,
# seed documents) and fuzz/seeds (logs, scorer inputs); crashes land in
# fuzz/artifacts/TARGET.
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz from crates.io..." >&2
    cargo install cargo-fuzz --locked
fi

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# Seeds: every fixture that fits a target, copied fresh into its corpus.
seed() {
    local target=$1 dir="$root/fuzz/corpus/$1"
    mkdir -p "$dir"
    case $target in
        deck)
            cp "$root"/decks/*.ron "$root"/tests/fixtures/bad/*.ron "$dir"/
            find "$root/tests/fixtures" -name '*.ron' -not -path '*/bad/*' \
                -exec cp {} "$dir"/ \;
            ;;
        log | scorer)
            cp "$root/fuzz/seeds/$target"/* "$dir"/
            ;;
        import)
            cp "$root"/tests/fixtures/seeds/*.txt "$root"/tests/fixtures/import/* \
                "$root"/tests/fixtures/hostile/*.txt "$dir"/
            ;;
    esac
}

sanitizer=${FUZZ_SANITIZER:-none}
status=0
for target in "${targets[@]}"; do
    seed "$target"
    echo "== fuzzing $target for ${seconds}s (sanitizer: $sanitizer)" >&2
    # -rss_limit_mb and -timeout turn unbounded allocation and hangs into
    # findings; -max_len lets whole decks through.
    if ! nice -n 19 cargo fuzz run --sanitizer "$sanitizer" "$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -max_len=262144 -print_final_stats=1; then
        echo "== $target: FINDING (see fuzz/artifacts/$target)" >&2
        status=1
    fi
done
exit $status
