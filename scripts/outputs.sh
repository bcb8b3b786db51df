#!/usr/bin/env bash
# Every observable output of a build, for proving a change leaves behaviour as it was:
#
#   scripts/outputs.sh BINARY OUTDIR [CORPUS]     # run from the repository root
#   scripts/outputs.sh /tmp/old-ssotscan /tmp/a corpus && scripts/outputs.sh target/release/ssotscan /tmp/b corpus
#   diff -r /tmp/a /tmp/b
#
# Runs every subcommand (check in every format, graph, duplicates, registry, who-imports) over
# every testdata/ tree, and check/duplicates over CORPUS (as md5 sums), with duration_ms, timing
# lines and temporary paths removed. Writes only into OUTDIR and temporary directories.
set -u
B=$(realpath "$1"); OUT=$(realpath -m "$2"); CORPUS=${3:-}
mkdir -p "$OUT"
repo=${REPO:-$PWD}  # run from the repository root (its testdata/ is used)
cd "$repo/testdata" || exit 2
strip() { sed -E 's#/tmp/tmp\.[A-Za-z0-9]+#TMP#g; s/"duration_ms": ?[0-9]+/"duration_ms": 0/; s/in [0-9]+ ms/in N ms/'; }
run() { # name dir args...
  local name=$1 dir=$2; shift 2
  ( cd "$dir" && "$B" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo "exit $?" >>"$OUT/$name.out" )
  strip <"$OUT/$name.out" >"$OUT/$name.tmp" && mv "$OUT/$name.tmp" "$OUT/$name.out"
  strip <"$OUT/$name.err" >"$OUT/$name.tmp" && mv "$OUT/$name.tmp" "$OUT/$name.err"
}
for t in */; do
  t=${t%/}
  d=$t; [ -d "$t/project" ] && d=$t/project
  for f in text json github sarif; do run "$t.check.$f" "$d" check --format "$f"; done
  run "$t.check.noframes" "$d" check --no-frames
  run "$t.check.envonly" "$d" check --select env-access --format json
  run "$t.graph.dot" "$d" graph
  run "$t.graph.json" "$d" graph --format json
  run "$t.graph.cycles" "$d" graph --cycles
  run "$t.dups.text" "$d" duplicates
  run "$t.dups.json" "$d" duplicates --format json
  run "$t.reg.verify" "$d" registry verify
  run "$t.reg.verify.json" "$d" registry verify --format json
  run "$t.reg.gen" "$d" registry generate
done
run "monorepo.who.shared" monorepo who-imports shared.isolated_environment
run "monorepo.who.shared.json" monorepo who-imports shared.isolated_environment --format json
run "graph.who" graph who-imports libs --format json
tmpd=$(mktemp -d); run "registry.import" registry registry import-markdown SSOT_IMPORT_REGISTRY.md -o "$tmpd/reg.toml"; cat "$tmpd/reg.toml" >>"$OUT/registry.import.out"; rm -rf "$tmpd"
if [ -n "$CORPUS" ]; then
  ( cd "$CORPUS" && "$B" --no-config check --no-frames -q --threads 2 | md5sum >"$OUT/corpus.check.md5" )
  ( cd "$CORPUS" && "$B" --no-config check -q --format json | strip | md5sum >"$OUT/corpus.json.md5" )
  ( cd "$CORPUS" && "$B" --no-config duplicates -q --format json | md5sum >"$OUT/corpus.dups.md5" )
fi
echo "wrote $(ls "$OUT" | wc -l) files to $OUT"
