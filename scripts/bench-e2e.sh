#!/usr/bin/env bash
# End-to-end benchmark: `ssotscan check` against its parse floor (the same discovery, then read
# and parse every file once with the same parser in the same thread pool, keeping nothing:
# examples/parse_floor.rs), interleaved on the same tree in the same run; then peak memory on a
# tree of about ten million lines made of copies of the corpus.
#
#   scripts/fetch-corpus.sh && scripts/bench-e2e.sh [TREE]
#
# TREE defaults to $SSOTSCAN_CORPUS, else corpus/. Environment: RUNS (pairs, default 5),
# THREADS (default 2), BIG_LINES (lines of the replicated tree, default 10000000; 0 skips it).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$(cd "${1:-${SSOTSCAN_CORPUS:-$repo/corpus}}" 2>/dev/null && pwd)" || {
  echo "error: no corpus; run scripts/fetch-corpus.sh first (or pass a directory)" >&2
  exit 2
}
runs="${RUNS:-5}"
threads="${THREADS:-2}"
big_lines="${BIG_LINES:-10000000}"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (Debian package \`time\`) for peak-memory figures" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi

echo "building (release)" >&2
(cd "$repo" && cargo build --release --quiet --bin ssotscan --example parse_floor)
target="${CARGO_TARGET_DIR:-$repo/target}"
ssotscan="$target/release/ssotscan"
floor="$target/release/examples/parse_floor"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Both see the tree the same way: no configuration, .gitignore not honoured (the corpus lives in
# a git-ignored folder), default excludes on.
opts=(--no-config --no-ignore --threads "$threads")

# run NAME CMD...: runs CMD in $tree with stdout discarded; sets $secs (wall), $cpu (user +
# system seconds) and $rss_mb (peak resident memory).
run() {
  local name="$1"
  shift
  (cd "$tree" && /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/$name.err") || {
    echo "error: $name failed:" >&2
    cat "$work/$name.err" >&2
    exit 1
  }
  local user sys rss_kb
  read -r secs user sys rss_kb < <(tail -n 1 "$work/time")
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  rss_mb=$((rss_kb / 1024))
}
floor_cmd=("$floor" "${opts[@]}" .)
check_cmd=("$ssotscan" "${opts[@]}" check --quiet --exit-zero .)

read -r files _ lines _ < <(cd "$tree" && "$floor" "${opts[@]}" --count-lines .)
echo "tree: $tree: $files files, $lines lines; $threads threads on $(nproc) cores; $runs runs"
echo "warming the page cache" >&2
run warm-floor "${floor_cmd[@]}"
run warm-check "${check_cmd[@]}"

printf '%-4s %8s %8s %7s %10s %10s %9s %9s %9s\n' run floor_s check_s ratio floor_cpu check_cpu cpu_ratio floor_MB check_MB
ratios=()
cpu_ratios=()
checks=()
floors=()
for i in $(seq 1 "$runs"); do
  # Alternate the order, so neither side always runs second.
  if [ $((i % 2)) = 1 ]; then
    run floor "${floor_cmd[@]}"; f="$secs"; fc="$cpu"; frss="$rss_mb"
    run check "${check_cmd[@]}"; c="$secs"; cc="$cpu"; crss="$rss_mb"
  else
    run check "${check_cmd[@]}"; c="$secs"; cc="$cpu"; crss="$rss_mb"
    run floor "${floor_cmd[@]}"; f="$secs"; fc="$cpu"; frss="$rss_mb"
  fi
  r="$(awk -v c="$c" -v f="$f" 'BEGIN { printf "%.3f", c / f }')"
  rc="$(awk -v c="$cc" -v f="$fc" 'BEGIN { printf "%.3f", c / f }')"
  ratios+=("$r"); cpu_ratios+=("$rc"); checks+=("$c"); floors+=("$f")
  printf '%-4s %8s %8s %7s %10s %10s %9s %9s %9s\n' "$i" "$f" "$c" "$r" "$fc" "$cc" "$rc" "$frss" "$crss"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
lo() { printf '%s\n' "$@" | sort -g | head -n 1; }
hi() { printf '%s\n' "$@" | sort -g | tail -n 1; }
mc="$(median "${checks[@]}")"
mf="$(median "${floors[@]}")"
echo
echo "check / parse floor, wall time: median $(median "${ratios[@]}")x (min $(lo "${ratios[@]}")x, max $(hi "${ratios[@]}")x) over $runs interleaved runs"
echo "check / parse floor, CPU time:  median $(median "${cpu_ratios[@]}")x (min $(lo "${cpu_ratios[@]}")x, max $(hi "${cpu_ratios[@]}")x)"
awk -v c="$mc" -v f="$mf" -v n="$files" -v l="$lines" 'BEGIN {
  printf "median check %.2f s (%.0f files/s, %.0f lines/s); median parse floor %.2f s\n", c, n / c, l / c, f }'
echo "peak RSS of check on the corpus: ${crss} MB"

if [ "$big_lines" -gt 0 ]; then
  copies=$(((big_lines + lines - 1) / lines))
  big="$work/big"
  mkdir -p "$big"
  echo "replicating the tree $copies times" >&2
  for i in $(seq 1 "$copies"); do
    # Hard links when possible (same file system): no copying, same bytes.
    cp -al "$tree" "$big/copy$i" 2>/dev/null || cp -a "$tree" "$big/copy$i"
  done
  read -r bfiles _ blines _ < <(cd "$big" && "$floor" "${opts[@]}" --count-lines .)
  tree="$big"
  run big-floor "${floor_cmd[@]}"; f="$secs"; fc="$cpu"; frss="$rss_mb"
  run big-check "${check_cmd[@]}"; c="$secs"; cc="$cpu"; crss="$rss_mb"
  # The copies are identical, so every definition is a duplicate: the duplicate rules report
  # far more than on any real tree. Facts alone, without them:
  run big-facts "${check_cmd[@]}" --select env-access; erss="$rss_mb"
  echo
  echo "replicated tree: $bfiles files, $blines lines ($copies copies)"
  awk -v c="$c" -v f="$f" -v cc="$cc" -v fc="$fc" -v n="$bfiles" -v l="$blines" 'BEGIN {
    printf "check %.2f s (%.0f files/s, %.0f lines/s), parse floor %.2f s: %.2fx wall, %.2fx CPU\n", c, n / c, l / c, f, c / f, cc / fc }'
  echo "peak RSS: check ${crss} MB ($((crss * 1024 * 1024 / blines)) bytes/line), check --select env-access ${erss} MB ($((erss * 1024 * 1024 / bfiles)) bytes/file), parse floor ${frss} MB"
fi
