#!/usr/bin/env bash
# A/B timing of built binaries on one tree: each run of each binary in turn (interleaved, so a
# busier moment of a shared machine hits every binary alike), then the median user, system,
# CPU and wall milliseconds of each. A binary whose file name contains `floor` is run as the
# parse floor (`examples/parse_floor`), any other as `ssotscan check`.
#
#   scripts/bench-ab.sh RUNS BINARY... [-- TREE]
#
#   cp target/release/ssotscan /tmp/a          # before a change
#   cargo build --release && cp target/release/ssotscan /tmp/b
#   cp target/release/examples/parse_floor /tmp/floor
#   scripts/bench-ab.sh 14 /tmp/floor /tmp/a /tmp/b
#
# TREE defaults to $SSOTSCAN_CORPUS, else corpus/. THREADS (default 2). CHECK_ARGS: more
# arguments for `check` (for ablations, e.g. CHECK_ARGS="--ignore duplicate-body"). Compare only builds made
# with the same code alignment (`.cargo/config.toml`): see docs/performance.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:?usage: scripts/bench-ab.sh RUNS BINARY... [-- TREE]}"
shift
bins=()
tree="${SSOTSCAN_CORPUS:-$repo/corpus}"
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    tree="${2:?a tree after --}"
    break
  fi
  bins+=("$(realpath "$1")")
  shift
done
[ ${#bins[@]} -gt 0 ] || { echo "error: no binary given" >&2; exit 2; }
[ -d "$tree" ] || { echo "error: no tree $tree; run scripts/fetch-corpus.sh first" >&2; exit 2; }
threads="${THREADS:-2}"
if [ ! -x /usr/bin/time ]; then
  echo "error: GNU time is missing (Debian package \`time\`)" >&2
  exit 2
fi

out="$(mktemp)"
trap 'rm -f "$out" "$out.t"' EXIT
cd "$tree"
for _ in $(seq "$runs"); do
  for b in "${bins[@]}"; do
    if [[ "$(basename "$b")" == *floor* ]]; then
      args=(--no-config --no-ignore --threads "$threads" .)
    else
      # shellcheck disable=SC2206 # CHECK_ARGS is split into words on purpose
      args=(--no-config --no-ignore --threads "$threads" check --quiet --exit-zero ${CHECK_ARGS:-} .)
    fi
    /usr/bin/time -f "%U %S %e" -o "$out.t" "$b" "${args[@]}" >/dev/null 2>&1 || true
    echo "$b $(tail -n 1 "$out.t")" >>"$out"
  done
done
# binary -> median of user, system, user + system and wall, in milliseconds
awk '{ u[$1] = u[$1] " " $2 * 1000; s[$1] = s[$1] " " $3 * 1000; c[$1] = c[$1] " " ($2 + $3) * 1000;
       w[$1] = w[$1] " " $4 * 1000; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
     function median(list,   a, k, i, j, t) {
       k = split(list, a, " ")
       for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
       return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
     }
     END { for (i = 1; i <= n; i++) { b = order[i];
       printf "%-40s user %6.0f  sys %5.0f  cpu %6.0f  wall %5.0f ms  (median of %d)\n", b,
         median(u[b]), median(s[b]), median(c[b]), median(w[b]), split(w[b], x, " ") } }' "$out"
