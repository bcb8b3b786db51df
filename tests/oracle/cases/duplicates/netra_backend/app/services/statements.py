"""Statements and signatures, second spelling: each definition pairs with the one of the same
name in auth_service/auth_core/statements.py (same body or not, as Python's ast decides)."""


class class_empty_parens():
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


class class_object_base(object):
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


class class_keyword_order(x=1, metaclass=M):
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


class class_starred_bases(*bases, **kw):
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


class class_decorated_method:
    @cached
    def m(self):
        a = 1
        b = 2
        c = 3
        d = 4
        return a


class class_nested_docstring:
    class B:
        '''Other inner doc.'''
        x = 1
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def annotated_parenthesized():
    (x): int = 1
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def annotated_no_value():
    x: int = ...
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def parenthesized_docstring():
    '''Other.'''
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    return 1


def docstring_semicolon():
    p0 = 0
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def docstring_backslash():
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    return 1


def kwonly_marker(a):
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    return a


def star_annotation(*args: int, **kw: bytes) -> None:
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def posonly_defaults(a=1, /, b=2, *, c=3):
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def return_annotation_string() -> int:
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def raise_from():
    raise E
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def bare_except():
    try:
        g()
    except BaseException:
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def try_else_finally():
    try:
        g()
    except E as e:
        h(e)
    else:
        i()
    finally:
        j()


def loop_else(x):
    for i in x:
        break
    else:
        return 1
    while x:
        continue
    else:
        return 2


def with_parenthesized():
    with a() as b, c() as d:
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def import_levels():
    from .. import a
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def import_forms():
    from a import b as c
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def global_vs_nonlocal():
    nonlocal a
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def del_assert(x):
    del x[0], x[1]
    assert x, 'msg'
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def slice_none(x):
    y = x[1:None]
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def slice_empty_step(x):
    y = x[:]
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def subscript_tuple(x):
    y = x[(1, 2)]
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def set_order():
    y = {2, 1}
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def generators(x):
    y = yield x
    z = yield from x
    w = yield
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


async def await_async(x):
    y = await x
    async with x as z:
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def match_patterns(x):
    match x:
        case [1, *rest] if rest:
            p = 1
        case str() | bytes():
            p = 2
        case -1 | 1 + 2j | None | True:
            p = 3
        case {'k': v, **kw}:
            p = 4
        case C(a, b=c) as d:
            p = 5


def match_wildcard(x):
    match x:
        case y:
            pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def comprehensions(x):
    a = {k: v for (k, v) in x if k for _ in x}
    b = {i async for i in x}
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def lambda_defaults():
    g = lambda a, /, b=1, *c, d, e=2, **f: (a, b)
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def starred_assign(x):
    (a, *b) = x
    c, d = x
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def chained_assign(x):
    a = x
    b = x
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def augmented(x):
    x @= 2
    x //= 3
    x **= 4
    x >>= 5
    x ^= 6


def compare_ops(x):
    y = not x is None and not x in ()
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def unicode_identifier(file):
    X = file
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def type_comment(x):
    y = x
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def string_continuation():
    s = 'abcd'
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def nested_def_decorators():
    def g():
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def nested_def_name():
    def h():
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def ellipsis_body():
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    pass


def if_expression_statement(x):
    if x:
        p0 = 0
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
