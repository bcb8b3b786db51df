#!/usr/bin/env python3
"""An independent implementation of ssotscan's file discovery, `parse-error` and `env-access`
rules, written from the issue text with Python's own `ast` module. tests/oracle.rs compares its
output with `ssotscan check --select env-access --no-config --no-ignore --format json`.

Usage: env_access.py ROOT

Prints, sorted, paths relative to ROOT with `/`:
    path:line:col        one env-access violation (1-based line, 1-based column in characters)
    parse-error path     a file ssotscan must report as parse-error
    files N              the number of files scanned

Semantics (issue 2):
- Files: every regular file named `*.py` under ROOT, symbolic links not followed, skipping
  directories whose *name* is a default exclude (`.git`, `__pycache__`, `node_modules`, `.venv`,
  `venv`, `.tox`, `.nox`, `.mypy_cache`, `.pytest_cache`, `build`, `dist`, `site-packages`,
  `*.egg-info`, `archive`, or contains `backup` in any case). No .gitignore handling: ssotscan
  runs with --no-ignore.
- parse-error: the bytes (after a UTF-8 BOM) are not UTF-8 -- ssotscan requires UTF-8 whatever
  a coding cookie declares -- or Python's own compile() rejects the text.
- env-access: `X.environ|environb|getenv|putenv|unsetenv` where `X` is a plain name bound to
  `os` anywhere in the file by `import os`, `import os.path` (binds `os`) or `import os as X`,
  reported at the attribute; and every such name in `from os import ...`, reported at the name.
"""
import ast
import os
import sys
import unicodedata
import warnings

ENV_ATTRS = {"environ", "environb", "getenv", "putenv", "unsetenv"}
EXCLUDED_NAMES = {
    ".git", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
    ".pytest_cache", "build", "dist", "site-packages", "archive",
}


def excluded(dirname):
    return (
        dirname in EXCLUDED_NAMES
        or dirname.endswith(".egg-info")
        or "backup" in dirname.lower()
    )


def python_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not excluded(d)]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.endswith(".py") and os.path.isfile(path) and not os.path.islink(path):
                yield path


def scanned(root, out):
    """(path relative to ROOT with `/`, text, tree) of every file that parses; appends a
    `parse-error` line for each other file to OUT, and, after the walk, the `files` line."""
    warnings.simplefilter("ignore")  # invalid escape sequences and the like
    count = 0
    for path in python_files(root):
        count += 1
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        parsed = parse(path, rel)
        if parsed is None:
            out.append(f"parse-error {rel}")
        else:
            yield (rel, *parsed)
    out.append(f"files {count}")


def char_column(line_text, byte_col):
    """ast columns are UTF-8 byte offsets; ssotscan's are 1-based characters."""
    return len(line_text.encode("utf-8")[:byte_col].decode("utf-8")) + 1


def parse(path, rel):
    """(text, tree), or None when ssotscan reports the file as a parse-error."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        # A str ignores any coding cookie: the text is what ssotscan parses.
        return text, compile(text, rel, "exec", ast.PyCF_ONLY_AST)
    except (UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def source_lines(text):
    """The lines as ast numbers them (any of \\r\\n, \\r, \\n ends a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def violations(tree, lines):
    os_names = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "os" or alias.name.startswith("os."):
                    if alias.asname is None:
                        os_names.add("os")
                    elif alias.name == "os":
                        os_names.add(alias.asname)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "os":
            for alias in node.names:
                if alias.name in ENV_ATTRS:
                    found.append((alias.lineno, alias.col_offset))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in os_names
            and node.attr in ENV_ATTRS
        ):
            found.append((node.lineno, node.col_offset))
    return [(line, char_column(lines[line - 1], col)) for line, col in found]


def main():
    out = []
    for rel, text, tree in scanned(sys.argv[1], out):
        # Speed only: no violation is possible without one of the names (identifiers are
        # NFKC-normalized, so a non-ASCII text is normalized before the probe).
        probe = text if text.isascii() else unicodedata.normalize("NFKC", text)
        if not any(attr in probe for attr in ENV_ATTRS):
            continue
        lines = source_lines(text)
        for line, col in violations(tree, lines):
            out.append(f"{rel}:{line}:{col}")
    out.sort()
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
