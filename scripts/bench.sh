#!/usr/bin/env bash
# Whole-process timings of the release binary with hyperfine, on the shipped
# decks and on synthetic collections (examples/gen_collection.rs, seed 1).
# In-process benchmarks are `cargo bench --bench scale`; figures and the
# machine they were taken on are in BENCHMARKS.md.
#
# Usage: scripts/bench.sh [quick]
#   quick: skip the 100k-task load (about a minute per run, 2+ GB of memory).
# Env: BENCH_DIR (work folder, default a new temp dir; about 1 GB for the
# full run), BENCH_JSON (folder for hyperfine's JSON exports).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine" >&2
    apt-get update
    apt-get install -y hyperfine
fi
if [[ ! -x /usr/bin/time ]]; then
    apt-get update
    apt-get install -y time # GNU time, for peak memory
fi

cargo build --release --locked --bin rolecall --example gen_collection
R="$PWD/target/release/rolecall"
G="$PWD/target/release/examples/gen_collection"
W="${BENCH_DIR:-$(mktemp -d)}"
J="${BENCH_JSON:-$W/json}"
mkdir -p "$W/home" "$J"
echo "work folder: $W" >&2

# A sealed environment: a fixed clock, no colour, no user decks or config.
export HOME="$W/home" XDG_CONFIG_HOME="$W/home/config" ROLECALL_NOW=2026-03-02T09:00:00Z \
    NO_COLOR=1 TZ=UTC
cd "$W"

hf() {
    local name=$1
    shift
    hyperfine --shell=bash --style basic --export-json "$J/$name.json" "$@"
}

echo "== (a) shipped decks: decks, time to first card" >&2
export ROLECALL_HOME="$W/data-shipped"
"$R" study --limit 1 </dev/null >/dev/null # prepares the profile
hf shipped --warmup 3 --runs 30 \
    -n "decks" "$R decks" \
    -n "first card, prepared profile" "$R study --limit 1 </dev/null" \
    -n "first card, fresh data dir" --prepare "rm -rf '$W/data-fresh'" \
    "ROLECALL_HOME='$W/data-fresh' $R study --limit 1 </dev/null"

echo "== (b) load + validate + generate: 1k, 10k, 100k tasks" >&2
sizes=(1000 10000 100000)
[[ "${1:-}" == quick ]] && sizes=(1000 10000)
export ROLECALL_HOME="$W/data-empty"
for t in "${sizes[@]}"; do
    [[ -d "decks-$t" ]] || "$G" decks --tasks "$t" --out "decks-$t" >&2
    runs=10
    [[ $t -ge 100000 ]] && runs=3
    hf "load-$t" --warmup 1 --runs "$runs" -n "decks, $t tasks" "$R --decks decks-$t decks"
done

echo "== (d) study start-up, shipped decks, logs of 10k/100k/1M reviews (snapshot current)" >&2
export ROLECALL_HOME="$W/data-logs"
for m in 10000 100000 1000000; do
    "$G" profile --tasks 11200 --reviews "$m" --data "$ROLECALL_HOME" --profile "log-$m" >&2
    # The warm-up run replays the log and writes the snapshot.
    hf "startup-$m" --warmup 1 --runs 20 \
        -n "first card, $m reviews" "$R --profile log-$m study --limit 1 </dev/null"
done
hf startup-rebuild --runs 5 --prepare "rm -f '$ROLECALL_HOME/profiles/log-1000000/snapshot.json'" \
    -n "first card, 1M reviews, no snapshot (rebuild)" \
    "$R --profile log-1000000 study --limit 1 </dev/null"

echo "== peak memory: 100k cards, 1M reviews" >&2
[[ -d decks-11200 ]] || "$G" decks --tasks 11200 --out decks-11200 >&2
"$G" profile --tasks 11200 --reviews 1000000 --data "$ROLECALL_HOME" --profile big >&2
for run in "rebuild (no snapshot)" "snapshot current"; do
    /usr/bin/time -f "max RSS %M KB, %e s: $run" \
        "$R" --decks decks-11200 --profile big study --limit 1 </dev/null >/dev/null
done
hf big --warmup 1 --runs 5 -n "first card, 100k cards, 1M reviews" \
    "$R --decks decks-11200 --profile big study --limit 1 </dev/null"

echo "JSON exports in $J" >&2
