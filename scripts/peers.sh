#!/usr/bin/env bash
# Side-by-side method: rolecall and two Rust peers (hashcards, repeater) on the
# same generated question/answer cards. Builds nothing from the peers: install
# them yourself (`cargo install --locked hashcards`; repeater from its own
# instructions) and put them on PATH, or name them in HASHCARDS and REPEATER.
#
# Usage: scripts/peers.sh [TASKS ...]   (default: 200 1200 11200 tasks, about
# 1.8k, 11k and 100k cards; the generator writes decks of 200 tasks)
#
# For each size it writes, under BENCH_DIR (default a new temp dir):
#   decks-N/   synthetic rolecall decks (examples/gen_collection.rs, seed 1)
#   md-N/      the same cards as Markdown `Q:`/`A:` cards, 1,000 per file,
#              exported with `rolecall export --format csv`: both peers read this
# then times, with hyperfine, validation (`rolecall check` against `hashcards
# check`) and peak memory with GNU time. A peer that is not installed is
# skipped with a note; the commands it would run are printed either way.
# Time to first card: rolecall's is `study --limit 1 </dev/null` on a fresh data
# dir; the peers' drill is interactive (hashcards serves a web page, repeater
# a terminal UI), so time them by hand from launch to the first card shown, on
# a fresh collection, after the same warm-up (see BENCHMARKS.md, "Peers").
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin rolecall --example gen_collection
R="$PWD/target/release/rolecall"
G="$PWD/target/release/examples/gen_collection"
W="${BENCH_DIR:-$(mktemp -d)}"
HASHCARDS="${HASHCARDS:-$(command -v hashcards || true)}"
REPEATER="${REPEATER:-$(command -v repeater || true)}"
export HOME="$W/home" ROLECALL_HOME="$W/data" NO_COLOR=1 TZ=UTC ROLECALL_NOW=2026-03-02T09:00:00Z
mkdir -p "$HOME"
cd "$W"
echo "work folder: $W; load: $(uptime)" >&2

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(200 1200 11200)
for t in "${sizes[@]}"; do
    [[ -d "decks-$t" ]] || "$G" decks --tasks "$t" --out "decks-$t" >&2
    if [[ ! -d "md-$t" ]]; then
        mkdir -p "md-$t"
        "$R" --decks "decks-$t" export --format csv | python3 -c '
import csv, sys
out, n = None, 0
for row in csv.DictReader(sys.stdin):
    if n % 1000 == 0:
        out = open(f"{sys.argv[1]}/cards-{n // 1000:04}.md", "w")
    q = row["prompt"].replace("\n", " ")
    a = row["answer"].replace("\n", " ")
    out.write(f"Q: {q}\nA: {a}\n\n")
    n += 1
print(f"{n} cards", file=sys.stderr)
' "md-$t"
    fi
    cmds=(-n "rolecall check, $t tasks" "$R check decks-$t")
    if [[ -n $HASHCARDS ]]; then
        cmds+=(-n "hashcards check, $t tasks" "$HASHCARDS check md-$t")
    else
        echo "hashcards not installed: would time 'hashcards check md-$t'" >&2
    fi
    if [[ -n $REPEATER ]]; then
        echo "repeater: time its drill by hand on md-$t (see the header)" >&2
    fi
    hyperfine --style basic --warmup 1 --runs 5 "${cmds[@]}"
    /usr/bin/time -f "max RSS %M KB, %e s: rolecall check, $t tasks" "$R" check "decks-$t" >/dev/null
    [[ -z $HASHCARDS ]] ||
        /usr/bin/time -f "max RSS %M KB, %e s: hashcards check, $t tasks" "$HASHCARDS" check "md-$t" >/dev/null
    hyperfine --style basic --warmup 1 --runs 5 --prepare "rm -rf '$W/data'" \
        -n "rolecall first card, fresh data dir, $t tasks" \
        "$R --decks decks-$t study --limit 1 </dev/null"
done
