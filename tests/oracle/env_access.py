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
- env-access (issue 2; scoping, more modules and forms: issue 15, item 18): a reference
  `B.A` or `getattr(B, "A")` (a string literal, with or without a default), where `B` is a
  plain dotted name `n.x.y`, is reported when `n` is bound by imports where Python looks it up
  and what they bind it to, followed by `.x.y.A`, is an environment name; and every
  `from M import A` whose `M.A` is one, reported at the name. Environment names: `M.A` with `A`
  in environ|environb|getenv|getenvb|putenv|unsetenv and `M` one of os, nt, posix, or `A` =
  expandvars and `M` one of os.path, posixpath, ntpath; or either after a module prefix
  (`envstate.os.environ`, `.compat.os.getenv`). What an import binds: `import a.b` binds `a` to
  `a`, `import a.b as c` binds `c` to `a.b`, `from .m import n as k` binds `k` to `.m.n`.
  Where Python looks `n` up: the innermost scope (module, class body, def, lambda,
  comprehension) binding it -- by a parameter, an assignment, `for`/`with`/`except`/`del`/match
  targets, `x: T`, a def or class, an import -- with `global` (the module) and `nonlocal` (the
  enclosing functions) obeyed, assignment expressions binding outside comprehensions, and a
  class body seen from its own statements only (not from the functions, comprehensions or
  classes in it). Defaults, annotations, decorators, bases and a comprehension's first iterable
  belong to the enclosing scope. A scope that binds `n` by imports and otherwise counts the
  imports; one that binds it only otherwise binds it to nothing; a name no scope binds is bound
  by every import in the file binding it.
"""
import ast
import os
import sys
import unicodedata
import warnings

ENV_ATTRS = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
REFERENCE_ATTRS = ENV_ATTRS | {"expandvars"}
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


class Scope:
    """One of Python's scopes: the names bound in it (each with the import targets binding it,
    an empty list when only something else binds it), and its `global` / `nonlocal` names."""

    def __init__(self, kind, parent):
        self.kind = kind  # "module", "class", "function" (def or lambda), "comprehension"
        self.parent = parent
        self.bound = {}
        self.globals = set()
        self.nonlocals = set()


def import_target(node, alias):
    """(bound name, what it is bound to) of one alias of an import statement, or None."""
    if isinstance(node, ast.Import):
        if alias.asname is not None:
            return alias.asname, alias.name
        top = alias.name.split(".")[0]
        return top, top
    if alias.name == "*":
        return None
    module = "." * node.level + (node.module + "." if node.module else "")
    return alias.asname or alias.name, module + alias.name


def dotted(node):
    """`a.b.c` of a plain (dotted) name expression, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def stored_names(target):
    """The names an assignment target binds."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for e in target.elts for n in stored_names(e)]
    if isinstance(target, ast.Starred):
        return stored_names(target.value)
    return []


class Collector:
    """Pass 1: the scopes, what each binds, and every candidate reference with its scope."""

    def __init__(self):
        self.module = Scope("module", None)
        self.file_imports = {}  # name -> targets, over every import in the file
        self.refs = []  # (scope, base, attr, getattr?, node)
        self.from_names = []  # (qualified name, alias node) of every `from` import

    def bind(self, scope, name, target=None):
        if name in scope.nonlocals:
            return  # the enclosing function that binds it decides
        if name in scope.globals:
            scope = self.module
        targets = scope.bound.setdefault(name, [])
        if target is not None and target not in targets:
            targets.append(target)

    def visit_all(self, nodes, scope):
        for n in nodes:
            if n is not None:
                self.visit(n, scope)

    def visit_arguments(self, args, scope):
        """Defaults and annotations, evaluated where the function is defined."""
        if args is None:
            return
        self.visit_all(args.defaults + args.kw_defaults, scope)
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if a is not None and a.annotation is not None:
                self.visit(a.annotation, scope)

    def function_scope(self, args, scope):
        inner = Scope("function", scope)
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if a is not None:
                self.bind(inner, a.arg)
        return inner

    def visit(self, node, scope):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.bind(scope, node.name)
            self.visit_all(node.decorator_list, scope)
            self.visit_arguments(node.args, scope)
            if node.returns is not None:
                self.visit(node.returns, scope)
            inner = self.function_scope(node.args, scope)
            self.visit_all(node.body, inner)
            return
        if isinstance(node, ast.Lambda):
            self.visit_arguments(node.args, scope)
            self.visit(node.body, self.function_scope(node.args, scope))
            return
        if isinstance(node, ast.ClassDef):
            self.bind(scope, node.name)
            self.visit_all(node.decorator_list + node.bases, scope)
            self.visit_all([k.value for k in node.keywords], scope)
            self.visit_all(node.body, Scope("class", scope))
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            self.visit(node.generators[0].iter, scope)
            inner = Scope("comprehension", scope)
            for i, gen in enumerate(node.generators):
                if i > 0:
                    self.visit(gen.iter, inner)
                for name in stored_names(gen.target):
                    self.bind(inner, name)
                self.visit(gen.target, inner)
                self.visit_all(gen.ifs, inner)
            if isinstance(node, ast.DictComp):
                self.visit_all([node.key, node.value], inner)
            else:
                self.visit(node.elt, inner)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound = import_target(node, alias)
                if bound is not None:
                    name, target = bound
                    self.bind(scope, name, target)
                    targets = self.file_imports.setdefault(name, [])
                    if target not in targets:
                        targets.append(target)
                    if isinstance(node, ast.ImportFrom):
                        self.from_names.append((target, alias))
            return
        if isinstance(node, ast.Global):
            if scope is not self.module:
                scope.globals.update(node.names)
            return
        if isinstance(node, ast.Nonlocal):
            scope.nonlocals.update(node.names)
            return
        if isinstance(node, ast.NamedExpr):
            target = scope
            while target.kind == "comprehension":
                target = target.parent
            self.bind(target, node.target.id)
            self.visit(node.value, scope)
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            self.bind(scope, node.id)
        elif isinstance(node, ast.AnnAssign) and node.value is None:
            # `x: int` is a binding of `x` (it makes `x` local); `(x): int` is not.
            if node.simple:
                self.bind(scope, node.target.id)
            elif not isinstance(node.target, ast.Name):
                self.visit(node.target, scope)
            self.visit(node.annotation, scope)
            return
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self.bind(scope, node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            self.bind(scope, node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self.bind(scope, node.rest)
        elif isinstance(node, ast.Attribute) and node.attr in REFERENCE_ATTRS:
            base = dotted(node.value)
            if base is not None:
                self.refs.append((scope, base, node.attr, False, node))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and not node.keywords
            and 2 <= len(node.args) <= 3
            and not any(isinstance(a, ast.Starred) for a in node.args)
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and node.args[1].value in REFERENCE_ATTRS
        ):
            base = dotted(node.args[0])
            if base is not None:
                self.refs.append((scope, base, node.args[1].value, True, node))
        for child in ast.iter_child_nodes(node):
            self.visit(child, scope)


def lookup(collector, scope, name):
    """Pass 2: the import targets of `name` where Python finds it from `scope`."""
    while True:
        if name in scope.globals:
            scope = collector.module
        if name in scope.bound:
            return scope.bound[name]
        if scope.kind == "module":
            # Bound nowhere on the way (a function's `import os` seen from outside it).
            return collector.file_imports.get(name, [])
        scope = scope.parent
        # A class body is seen only from its own statements, not from the functions,
        # comprehensions or classes in it.
        while scope.kind == "class":
            scope = scope.parent


def is_environment(qualified):
    """`os.environ`, `nt.putenv`, `os.path.expandvars`, or any of them after a module prefix
    (`envstate.os.environ`, `.compat.os.getenv`)."""
    module, _, attr = qualified.rpartition(".")
    if attr in ENV_ATTRS:
        modules = ("os", "nt", "posix")
    elif attr == "expandvars":
        modules = ("os.path", "posixpath", "ntpath")
    else:
        return False
    return any(module == m or module.endswith("." + m) for m in modules)


def violations(tree, lines):
    c = Collector()
    c.visit(tree, c.module)
    found = []
    for qualified, alias in c.from_names:
        if is_environment(qualified):
            found.append((alias.lineno, alias.col_offset))
    for scope, base, attr, _, node in c.refs:
        first, dot, rest = base.partition(".")
        targets = lookup(c, scope, first)
        if any(is_environment(t + dot + rest + "." + attr) for t in targets):
            found.append((node.lineno, node.col_offset))
    return [(line, char_column(lines[line - 1], col)) for line, col in found]


def main():
    sys.setrecursionlimit(100_000)  # Collector.visit recurses over deeply nested code
    out = []
    for rel, text, tree in scanned(sys.argv[1], out):
        # Speed only: no violation is possible without one of the names (identifiers are
        # NFKC-normalized, so a non-ASCII text is normalized before the probe).
        probe = text if text.isascii() else unicodedata.normalize("NFKC", text)
        if not any(attr in probe for attr in REFERENCE_ATTRS | {"getattr"}):
            continue
        lines = source_lines(text)
        for line, col in violations(tree, lines):
            out.append(f"{rel}:{line}:{col}")
    out.sort()
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
