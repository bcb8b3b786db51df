"""Literals and expressions, second spelling: each function pairs with the one of the same
name in auth_service/auth_core/literals.py (same body or not, as Python's ast decides)."""


def implicit_concatenation(x):
    a = "hello world"
    b = a
    c = b
    d = c
    return d


def wrapped_concatenation(x):
    a = 'hello world'
    b = a
    c = b
    d = c
    return d


def quote_styles(x):
    a = "it" + 'x'
    b = a
    c = b
    d = c
    return d


def escapes(x):
    a = "Aé1"
    b = a
    c = b
    d = c
    return d


def raw_string(x):
    a = "\\d+\\s*"
    b = a
    c = b
    d = c
    return d


def u_prefix(x):
    a = "text"
    b = a
    c = b
    d = c
    return d


def bytes_escapes(x):
    a = b"AB"
    b = a
    c = b
    d = c
    return d


def bytes_vs_str(x):
    a = "AB"
    b = a
    c = b
    d = c
    return d


def fstring_concat(x):
    a = f"ab{x}"
    b = a
    c = b
    d = c
    return d


def fstring_str_concat(x):
    a = f"ab{x}c"
    b = a
    c = b
    d = c
    return d


def fstring_no_fields(x):
    a = "plain"
    b = a
    c = b
    d = c
    return d


def fstring_braces(x):
    a = "{a}"
    b = a
    c = b
    d = c
    return d


def fstring_conversion(x):
    a = f'{x!r:>10}'
    b = a
    c = b
    d = c
    return d


def fstring_conversion_differs(x):
    a = f"{x!s}"
    b = a
    c = b
    d = c
    return d


def fstring_nested_spec(x):
    a = f"{x:{x}.{x}}"
    b = a
    c = b
    d = c
    return d


def fstring_empty_spec(x):
    a = f"{x}"
    b = a
    c = b
    d = c
    return d


def fstring_debug_vs_repr(x):
    a = f"x={x!r}"
    b = a
    c = b
    d = c
    return d


def fstring_debug_spec(x):
    a = f"x={x:>4}"
    b = a
    c = b
    d = c
    return d


def fstring_debug_spaces(x):
    a = f"{x = }"
    b = a
    c = b
    d = c
    return d


def fstring_debug_expression_text(x):
    a = f"{x + 1=}"
    b = a
    c = b
    d = c
    return d


def fstring_debug_same(x):
    a = f'{x = !s:>4}'
    b = a
    c = b
    d = c
    return d


def hex_int(x):
    a = 16
    b = a
    c = b
    d = c
    return d


def underscore_int(x):
    a = 1000
    b = a
    c = b
    d = c
    return d


def octal_binary(x):
    a = 15 + 3
    b = a
    c = b
    d = c
    return d


def float_spellings(x):
    a = 1000.0 + 0.5
    b = a
    c = b
    d = c
    return d


def int_vs_float(x):
    a = 1.0
    b = a
    c = b
    d = c
    return d


def true_vs_one(x):
    a = 1
    b = a
    c = b
    d = c
    return d


def complex(x):
    a = 2.0j
    b = a
    c = b
    d = c
    return d


def big_int(x):
    a = 1208925819614629174706175
    b = a
    c = b
    d = c
    return d


def negative(x):
    a = - 1
    b = a
    c = b
    d = c
    return d


def parentheses(x):
    a = ((x + 1)) * (2)
    b = a
    c = b
    d = c
    return d


def tuple_parens(x):
    a = x, 1
    b = a
    c = b
    d = c
    return d


def not_equal(x):
    a = x != 1
    b = a
    c = b
    d = c
    return d


def ellipsis(x):
    a = Ellipsis
    b = a
    c = b
    d = c
    return d


def none_constant(x):
    a = None
    b = a
    c = b
    d = c
    return d


def lambda_body(x):
    a = lambda a, *b, c=1, **d: (a + c)
    b = a
    c = b
    d = c
    return d


def lambda_default(x):
    a = lambda a=2: a
    b = a
    c = b
    d = c
    return d


def walrus(x):
    a = (y := x + 1)
    b = a
    c = b
    d = c
    return d


def star_args(x):
    a = f(*x, **x)
    b = a
    c = b
    d = c
    return d


def comprehension(x):
    a = [i for i in x if (i)]
    b = a
    c = b
    d = c
    return d


def async_comprehension(x):
    a = [i for i in x]
    b = a
    c = b
    d = c
    return d


def subscript_slice(x):
    a = x[1:2, ::3]
    b = a
    c = b
    d = c
    return d


def attribute_spacing(x):
    a = x.y
    b = a
    c = b
    d = c
    return d


def attribute_differs(x):
    a = x.z
    b = a
    c = b
    d = c
    return d


def conditional(x):
    a = (1 if x else 2)
    b = a
    c = b
    d = c
    return d


def chained_comparison(x):
    a = 0 < x and x <= 1
    b = a
    c = b
    d = c
    return d


def unicode_name(x):
    a = file
    b = a
    c = b
    d = c
    return d
