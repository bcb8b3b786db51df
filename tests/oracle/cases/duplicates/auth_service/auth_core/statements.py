"""Statements and signatures, first spelling (generated pairs: see the second copy)."""


class class_empty_parens:
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


class class_object_base:
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


class class_keyword_order(metaclass=M, x=1):
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
    @property
    def m(self):
        a = 1
        b = 2
        c = 3
        d = 4
        return a


class class_nested_docstring:
    '''Doc.'''
    class B:
        '''Inner doc.'''
        x = 1
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def annotated_parenthesized():
    x: int = 1
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def annotated_no_value():
    x: int
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def parenthesized_docstring():
    ('''Doc.''')
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    return 1


def docstring_semicolon():
    'Doc.'; p0 = 0
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def docstring_backslash():
    'Doc \
 continued.'
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    return 1


def kwonly_marker(*, a):
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
    return a


def star_annotation(*args: int, **kw: str) -> None:
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


def return_annotation_string() -> 'int':
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def raise_from():
    raise E from None
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def bare_except():
    try:
        g()
    except:
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
    with (a() as b, c() as d):
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def import_levels():
    from . import a
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def import_forms():
    import a.b as c
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def global_vs_nonlocal():
    global a
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
    y = x[1:]
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def slice_empty_step(x):
    y = x[::]
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def subscript_tuple(x):
    y = x[1, 2]
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def set_order():
    y = {1, 2}
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def generators(x):
    y = yield x
    z = yield from x
    w = (yield)
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
        case -1 | 1+2j | None | True:
            p = 3
        case {'k': v, **kw}:
            p = 4
        case C(a, b=c) as d:
            p = 5


def match_wildcard(x):
    match x:
        case _:
            pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def comprehensions(x):
    a = {k: v for k, v in x if k for _ in x}
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
    a, *b = x
    [c, d] = x
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def chained_assign(x):
    a = b = x
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
    y = x is not None and x not in ()
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def unicode_identifier(ﬁle):
    Ｘ = ﬁle
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def type_comment(x):  # type: (int) -> int
    y = x  # type: int
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def string_continuation():
    s = 'ab\
cd'
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def nested_def_decorators():
    @dec
    def g():
        pass
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5


def nested_def_name():
    def g():
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
    ...


def if_expression_statement(x):
    if x: p0 = 0
    p1 = 1
    p2 = 2
    p3 = 3
    p4 = 4
    p5 = 5
