#!/usr/bin/env python3
"""An independent implementation of ssotscan's `duplicate-definition` and `duplicate-body` rules
(default options, no registry), written from the rule text (issue 5, rules/duplicate-*.md, the
README's "Duplicate implementations") with Python's own `ast` module. tests/oracle.rs compares
its output with `ssotscan check --select duplicate-definition,duplicate-body --no-config
--no-ignore --format json`.

Usage: duplicates.py ROOT [--min-statements N] [--include-tests]
(the options of `[rules.duplicate-body]`; the defaults are 5 and off)

Prints, sorted, paths relative to ROOT with `/`:
    RULE path:line:col   one violation at the definition's name (1-based line, 1-based
                         column in characters)
    parse-error path     a file ssotscan must report as parse-error (and that no rule sees)
    files N              the number of files scanned

Semantics:
- Files, parse errors, columns: as env_access.py (imported from next to this file).
- Comparison group: the `source` files (and, with --include-tests, for duplicate-body, the
  `tests` files as a second group). A file is in `tests` when a directory below ROOT is
  named `tests` or `test`, or its name is `test_*.py`, `*_test.py` or `conftest.py`.
- duplicate-definition: a class whose name does not start with `_`, defined at module scope:
  directly, or inside module-level `if` / `try` (any clause, `except*` too) / `with` / `for` /
  `while` / `match` blocks nested in any way, never inside a `def` or `class`. Assignments and
  imports bind names but are not definitions. A name defined in two or more modules is
  reported at every definition. A module is a file: `a/b.py` and `a/b/__init__.py`, which the
  rule text's path-to-module mapping both names `a.b`, are two modules (the text is ambiguous
  there; this follows ssotscan: two files defining one class are a duplicate even when one
  shadows the other).
- duplicate-body: every `def`, `async def` and `class` at any depth. Its statements: every
  statement nested in its body, recursively, except docstrings (the first statement of a
  module, class or function body when it is a string-literal expression). An `elif` clause
  is part of its `if` statement, not a statement (Python's ast represents it as a nested `If`;
  the grammar does not). At least 5 statements count. Normalized body: the structure (ast,
  without positions, string prefixes or type comments) of the signature -- a function's
  arguments with defaults and annotations, its return annotation and whether it is async; a
  class's bases and keywords -- and of the body with every docstring removed at every level;
  never the definition's own name or decorators. Definitions of one kind (class, or
  function/method) with the same normalized body in two or more files are all reported.
"""
import argparse
import ast
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from env_access import char_column, scanned, source_lines  # noqa: E402

DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Module-level compound statements whose blocks are still module scope.
BLOCKS = (ast.If, ast.Try, ast.TryStar, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor,
          ast.While, ast.Match)


def is_test(rel):
    parts = rel.split("/")
    name = parts[-1]
    return (
        any(d in ("tests", "test") for d in parts[:-1])
        or (name.startswith("test_") and name.endswith(".py"))
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def is_docstring(stmt):
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def without_docstring(body):
    return body[1:] if body and is_docstring(body[0]) else body


def blocks(stmt):
    """The statement lists directly inside a compound statement."""
    if isinstance(stmt, DEFS):
        yield without_docstring(stmt.body)
        return
    for field in ("body", "orelse", "finalbody"):
        yield getattr(stmt, field, None) or []
    for handler in getattr(stmt, "handlers", None) or []:
        yield handler.body
    for case in getattr(stmt, "cases", None) or []:
        yield case.body


class File:
    def __init__(self, rel, text, tree):
        self.rel = rel
        self.lines = source_lines(text)
        self.tree = tree
        self.counts = {}  # id(def) -> statements
        self.keys = {}  # id(def) -> normalized body digest

    def is_elif(self, stmt):
        if not isinstance(stmt, ast.If):
            return False
        line = self.lines[stmt.lineno - 1]
        return line.encode("utf-8")[stmt.col_offset:].startswith(b"elif")

    def count(self, body):
        n = 0
        for stmt in body:
            if not self.is_elif(stmt):
                n += 1
            for block in blocks(stmt):
                n += self.count(block)
        return n

    def name_position(self, node):
        """(line, column) of a def's or class's name: after `async`, `def` / `class`."""
        line, col = node.lineno, char_column(self.lines[node.lineno - 1], node.col_offset) - 1
        words = 3 if isinstance(node, ast.AsyncFunctionDef) else 2
        # Skip keywords and the whitespace (and backslash continuations) around them.
        while True:
            text = self.lines[line - 1]
            while col < len(text) and text[col] in " \t\f":
                col += 1
            if col >= len(text) or text[col] == "\\" and col == len(text) - 1:
                line, col = line + 1, 0
                continue
            words -= 1
            if words == 0:
                return line, col + 1
            while col < len(text) and (text[col].isalnum() or text[col] == "_"):
                col += 1

    # --- normalized bodies ---------------------------------------------------------------

    def dump(self, node):
        if isinstance(node, list):
            return "[" + ",".join(self.dump(x) for x in node) + "]"
        if not isinstance(node, ast.AST):
            return repr(node)
        if isinstance(node, DEFS):
            # Inside another body a definition's name and decorators are code like any other.
            return "%s(%r,%s,%s)" % (
                type(node).__name__, node.name, self.dump(node.decorator_list), self.key(node))
        fields = [
            self.dump(getattr(node, f, None))
            for f in node._fields
            if f not in ("type_comment", "kind")
        ]
        return "%s(%s)" % (type(node).__name__, ",".join(fields))

    def key(self, node):
        """A digest of a definition's normalized body."""
        k = self.keys.get(id(node))
        if k is None:
            body = self.dump(without_docstring(node.body))
            if isinstance(node, ast.ClassDef):
                text = "class(%s,%s,%s)" % (self.dump(node.bases), self.dump(node.keywords), body)
            else:
                text = "def(%s,%s,%s,%s)" % (
                    isinstance(node, ast.AsyncFunctionDef), self.dump(node.args),
                    self.dump(node.returns), body)
            k = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
            self.keys[id(node)] = k
        return k

    # --- facts ----------------------------------------------------------------------------

    def class_definitions(self, body=None):
        for stmt in self.tree.body if body is None else body:
            if isinstance(stmt, ast.ClassDef):
                if not stmt.name.startswith("_"):
                    yield stmt.name, self.name_position(stmt)
            elif isinstance(stmt, BLOCKS):
                for block in blocks(stmt):
                    yield from self.class_definitions(block)

    def bodies(self, min_statements):
        for node in ast.walk(self.tree):
            if isinstance(node, DEFS) and self.count(without_docstring(node.body)) >= min_statements:
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                yield (kind, self.key(node)), self.name_position(node)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--min-statements", type=int, default=5)
    parser.add_argument("--include-tests", action="store_true")
    args = parser.parse_args()
    sys.setrecursionlimit(10000)
    out = []
    definitions = {}  # name -> [(rel, position)]
    bodies = {}  # (is a test, (kind, digest)) -> [(rel, position)]
    for rel, text, tree in scanned(args.root, out):
        test = is_test(rel)
        if test and not args.include_tests:
            continue
        f = File(rel, text, tree)
        if not test:
            for name, pos in f.class_definitions():
                definitions.setdefault(name, []).append((rel, pos))
        for key, pos in f.bodies(args.min_statements):
            bodies.setdefault((test, key), []).append((rel, pos))
    for rule, groups in (("duplicate-definition", definitions), ("duplicate-body", bodies)):
        for sites in groups.values():
            if len({rel for rel, _ in sites}) > 1:
                for rel, (line, col) in sites:
                    out.append(f"{rule} {rel}:{line}:{col}")
    out.sort()
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
