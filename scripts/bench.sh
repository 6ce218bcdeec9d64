#!/usr/bin/env bash
# Whole-process timings of the release binary with hyperfine, on the shipped
# decks and on synthetic collections (examples/gen_collection.rs, seed 1):
# start-up with long logs, check of a role with many tasks, import of long
# documents.
# In-process benchmarks are `cargo bench --bench scale`; figures and the
# machine they were taken on are in BENCHMARKS.md.
#
# Usage: scripts/bench.sh [quick|import]
#   quick: skip the 100k-task load (about a minute per run, 2+ GB of memory).
#   import: only the import timings (section f).
# Env: BENCH_DIR (work folder, default a new temp dir; about 1 GB for the
# full run), BENCH_JSON (folder for hyperfine's JSON exports).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

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

import_only=false
[[ "${1:-}" == import ]] && import_only=true

if ! $import_only; then
echo "== (a) shipped decks: decks, time to first card" >&2
export ROLECALL_HOME="$W/data-shipped"
"$R" study --limit 1 </dev/null >/dev/null # prepares the profile
hf shipped --warmup 3 --runs 30 \
    -n "decks" "$R decks" \
    -n "first card, prepared profile" "$R study --limit 1 </dev/null" \
    -n "first card, fresh data dir" --prepare "rm -rf '$W/data-fresh'" \
    "ROLECALL_HOME='$W/data-fresh' $R study --limit 1 </dev/null"

echo "== (a2) shell completion: the candidates a Tab asks for" >&2
complete_for() { echo "COMPLETE=bash _CLAP_COMPLETE_INDEX=3 $R -- rolecall $*"; }
hf completion --warmup 3 --runs 30 \
    -n "complete a deck id" "$(complete_for study --deck "''")" \
    -n "complete a card id" "$(complete_for answer --card "''")" \
    -n "complete a profile" "$(complete_for study --profile "''")"

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
hf startup-rebuild --runs 5 --prepare "rm -f '$ROLECALL_HOME/profiles/log-1000000/snapshot.bin'" \
    -n "first card, 1M reviews, no snapshot (rebuild)" \
    "$R --profile log-1000000 study --limit 1 </dev/null"

echo "== (g) scaling: check of 500/5k/50k tasks in one role, decks of 1k/10k/100k tasks, import of 1k/10k/100k blocks" >&2
# User CPU is the steady figure on a shared machine, and its load drifts over
# minutes: so the sizes of each command take turns, five rounds of one run
# each (GNU time's user seconds, wall seconds and peak memory, in
# $J/scaling.txt), and the medians are compared.
timed() {
    local name=$1
    shift
    /usr/bin/time -a -o "$J/scaling.txt" -f "$name: %U user %e wall %M KB" "$@" >/dev/null 2>&1
}
for t in 500 5000 50000; do
    [[ -f "wide-$t.ron" ]] || "$G" wide --tasks "$t" --out "wide-$t.ron" >&2
done
for t in "${sizes[@]}"; do
    [[ -d "decks-$t" ]] || "$G" decks --tasks "$t" --out "decks-$t" >&2
done
for b in 1000 10000 100000; do
    [[ -f "doc-$b.txt" ]] || "$G" document --tasks "$b" --out "doc-$b.txt" >&2
done
export ROLECALL_HOME="$W/data-empty"
for _ in 1 2 3 4 5; do
    for t in 500 5000 50000; do
        timed "check, $t tasks in one role" "$R" check "wide-$t.ron"
    done
    for t in "${sizes[@]}"; do
        timed "decks, $t tasks ($(ls "decks-$t" | wc -l) files)" "$R" --decks "decks-$t" decks
    done
    for b in 1000 10000 100000; do
        timed "import, $b blocks" "$R" import "doc-$b.txt" --id synthetic
    done
done
# The median user seconds of each, in the order first run.
cut -d: -f1 "$J/scaling.txt" | awk '!seen[$0]++' | while read -r name; do
    awk -F': ' -v name="$name" '$1 == name { split($2, f, " "); print f[1] }' "$J/scaling.txt" |
        sort -n | awk -v name="$name" '{ v[NR] = $1 } END { printf "%s: median %s s user of %d runs\n", name, v[int((NR + 1) / 2)], NR }'
done >&2
cat "$J/scaling.txt" >&2

echo "== peak memory: 100k cards, 1M reviews" >&2
[[ -d decks-11200 ]] || "$G" decks --tasks 11200 --out decks-11200 >&2
"$G" profile --tasks 11200 --reviews 1000000 --data "$ROLECALL_HOME" --profile big >&2
for run in "rebuild (no snapshot)" "snapshot current"; do
    /usr/bin/time -f "max RSS %M KB, %e s: $run" \
        "$R" --decks decks-11200 --profile big study --limit 1 </dev/null >/dev/null
done
hf big --warmup 1 --runs 5 -n "first card, 100k cards, 1M reviews" \
    "$R --decks decks-11200 --profile big study --limit 1 </dev/null"

fi

echo "== (f) import: the seeds, a Markdown page, a generated 1 MB Markdown document" >&2
big_md="$W/import-big.md"
if [[ ! -f $big_md ]]; then
    # 20 × 30 distinct roles of 5 task patterns, each with questions, an
    # example and its insight, emphasis and a link (about 1 MB).
    {
        echo "# Generated roles"
        for a in Cloud Data Identity Network Product Platform Mobile Payments Fraud Privacy \
            Endpoint Email Vendor Audit Hardware Firmware Kernel Browser Billing Support; do
            for b in Analyst Architect Auditor Champion Consultant Defender Designer Director \
                Engineer Expert Handler Hunter Inspector Investigator Lead Manager Mentor \
                Officer Operator Owner Partner Planner Practitioner Researcher Responder \
                Reviewer Scientist Specialist Steward Strategist; do
                printf '\n## %s %s — 5 common daily task patterns\n' "$a" "$b"
                for t in "Review designs" "Triage findings" "Coach engineers" \
                    "Tune the scanners" "Write guidance"; do
                    printf '\n1. %s\n\nThe %s %s does this with **care** for the %s teams; see [notes](https://example.com/%s).\n\n- what input is trusted here;\n- who owns the fix;\n- what would prove the control works.\n\nExample: a finding reappears after it was closed as fixed.\n\n*Insight:* closing a ticket is not fixing the weakness.\n' \
                        "$t" "$a" "$b" "$a" "$b"
                done
            done
        done
    } >"$big_md"
fi
S="$ROOT/tests/fixtures"
# No shell: these commands take a few milliseconds.
hyperfine -N --style basic --export-json "$J/import.json" --warmup 3 --runs 30 \
    -n "import seed 000 (plain, 6 KB)" "$R import $S/seeds/000_d30e8669cd57dc09.txt" \
    -n "import seed 003 (plain, 11 KB)" "$R import $S/seeds/003_02d1441560a729b1.txt" \
    -n "import grc-lead.md (Markdown, 3 KB)" "$R import $S/import/grc-lead.md"
hyperfine -N --style basic --export-json "$J/import-big.json" --warmup 1 --runs 5 -n "import $(du -k "$big_md" | cut -f1) KB of Markdown" \
    "$R import $big_md"
/usr/bin/time -o "$J/import-rss.txt" -f "max RSS %M KB, %e s: import 1 MB of Markdown" \
    "$R" import "$big_md" >/dev/null 2>&1
cat "$J/import-rss.txt" >&2

echo "JSON exports in $J" >&2
