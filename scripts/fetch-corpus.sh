#!/usr/bin/env bash
# Fetches the benchmark corpus into corpus/ (git-ignored): the sdists of six large pure-Python
# projects, unpacked, plus a copy of the local CPython standard library (without site-packages).
# Idempotent: what is already there is kept. Prints the corpus size at the end.
#
#   scripts/fetch-corpus.sh            # into <repo>/corpus
#   SSOTSCAN_CORPUS=/tmp/c scripts/fetch-corpus.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${SSOTSCAN_CORPUS:-$repo/corpus}"
python="${PYTHON:-python3}"

# Pinned, so every run (and every machine) measures the same code.
projects=(
  "Django==5.1.4"
  "SQLAlchemy==2.0.36"
  "sympy==1.13.3"
  "Twisted==24.11.0"
  "ansible-core==2.18.1"
  "Sphinx==8.1.3"
)

mkdir -p "$corpus/.downloads"
for spec in "${projects[@]}"; do
  name="${spec%%==*}"
  version="${spec##*==}"
  dir="$corpus/$(echo "$name" | tr 'A-Z_' 'a-z-')-$version"
  if [ -d "$dir" ]; then
    continue
  fi
  # sdist file names vary in case and separators (Django-5.1.4, ansible_core-2.18.1): match loosely.
  pattern="$(echo "$name" | sed 's/[-_]/[-_]/g')-$version.tar.gz"
  archive="$(find "$corpus/.downloads" -maxdepth 1 -iname "$pattern" | head -n 1)"
  if [ -z "$archive" ]; then
    echo "downloading $spec (sdist)" >&2
    # `--no-binary <name>`: the project's sdist, while its build backend may come as a wheel
    # (`:all:` would compile Cython & co. from source just to read the metadata).
    "$python" -m pip download --quiet --no-deps --no-binary "$name" "$spec" -d "$corpus/.downloads"
    archive="$(find "$corpus/.downloads" -maxdepth 1 -iname "$pattern" | head -n 1)"
    if [ -z "$archive" ]; then
      echo "error: pip did not produce an sdist for $spec" >&2
      exit 1
    fi
  fi
  echo "unpacking $(basename "$archive")" >&2
  tmp="$(mktemp -d "$corpus/.unpack.XXXXXX")"
  tar -xzf "$archive" -C "$tmp"
  # An sdist holds one top-level directory.
  mv "$tmp"/* "$dir"
  rmdir "$tmp"
done

stdlib="$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
pyver="$("$python" -c 'import platform; print(platform.python_version())')"
stdlib_dir="$corpus/cpython-$pyver-stdlib"
if [ ! -d "$stdlib_dir" ]; then
  echo "copying the standard library from $stdlib" >&2
  tmp="$(mktemp -d "$corpus/.unpack.XXXXXX")"
  # A copy, not a link: the scan does not follow symbolic links by default.
  tar -C "$stdlib" --exclude=./site-packages --exclude=__pycache__ -cf - . | tar -C "$tmp" -xf -
  mv "$tmp" "$stdlib_dir"
fi

# Sizes as a scan sees them: `*.py` files outside the directories excluded by default.
"$python" - "$corpus" <<'PY'
import os, re, sys
root = sys.argv[1]
excluded = {".git", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox",
            ".mypy_cache", ".pytest_cache", "build", "dist", "site-packages", "archive"}
def skip(d):
    return d in excluded or d.endswith(".egg-info") or "backup" in d.lower()
total_files = total_lines = 0
print(f"{'tree':32} {'files':>8} {'lines':>10}")
for top in sorted(os.listdir(root)):
    path = os.path.join(root, top)
    if top.startswith(".") or not os.path.isdir(path):
        continue
    files = lines = 0
    for d, dirs, names in os.walk(path):
        dirs[:] = [x for x in dirs if not skip(x)]
        for n in names:
            if n.endswith(".py"):
                files += 1
                with open(os.path.join(d, n), "rb") as f:
                    data = f.read()
                lines += len(re.findall(rb"\r\n|\r|\n", data)) + (0 if not data or data[-1:] in b"\r\n" else 1)
    total_files += files
    total_lines += lines
    print(f"{top:32} {files:>8} {lines:>10}")
print(f"{'total':32} {total_files:>8} {total_lines:>10}")
print(f"corpus: {root}: {total_files} files, {total_lines} lines")
PY
