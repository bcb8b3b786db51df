"""duplicate-body corner cases, second copy: formatting, names, decorators and docstrings
differ; the code is the same unless a comment says otherwise."""
import re


@decorated(with_args=True)
def clean_token(raw):
    """Another docstring: docstrings never matter."""
    token = (
        raw.strip()
    )
    if token.startswith("Bearer "):  # quote style does not matter
        token = token[len("Bearer ") :]
    token = token.strip(); return token


async def fetch_all(client, urls, *, timeout: float = 1.5, **options) -> list:
    results = []
    async with client.session() as session:
        async for url in session.iterate(urls):
            results.append(await session.get(url,
                                             timeout=timeout))
    return results


def fetch_all_sync(client, urls, *, timeout: float = 1.5, **options) -> list:
    results = []
    with client.session() as session:
        for url in session.iterate(urls):
            results.append(session.get(url, timeout=timeout))
    return results


def defaults_differ(a, b=1, *args, c, d=3, **kw):  # d differs
    total = a + b
    total += c
    total += d
    total += len(args)
    return total + len(kw)


def annotations_differ(a: int, b: bytes) -> bool:  # b's annotation differs
    first = a
    second = b
    third = first
    fourth = second
    return third == fourth


def positional_only(a, b):  # not positional-only
    x = a
    y = b
    z = x
    w = y
    return z, w


def strings(value):
    message = "hello world"
    other = f'{value!r:>10} and {value}'
    raw = "\\d+\\s*"
    escaped = "Aé"
    prefixed = "text"
    return message, other, raw, escaped, prefixed


def numbers():
    a = 16
    b = 1000
    c = 1000.0
    d = 15
    return a, b, c, d


def fstring_debug(x):
    a = f"x={x!r}"
    b = f"x = {x!s:>4}"
    c = f"ab{x}"
    d = f"{x:{x}}"
    return a, b, c, d


def elif_chain(a):
    if a == 1:
        return "one"
    elif a == 2:
        return "two"
    else:
        return "many"


def elif_chain_five(a):
    if a == 1:
        return "one"
    elif a == 2:
        return "two"
    elif a == 3:
        return "three"
    return "many"


def nested_if(a):
    if a == 1:
        return "one"
    elif a == 2:
        return "two"
    else:
        return "many"


def with_lambdas(items):
    key = lambda item: (item.priority, -item.age)
    by_key = sorted(items, key=key)
    first = by_key[0] if by_key else None
    rest = list(filter(lambda i: i is not first, by_key))
    return first, rest


def matcher(command):
    match command.split():
        case ["go", direction]:
            return direction
        case ["look"] | ["l"]:
            return "look"
        case {"x": x, **rest} if x > 0:
            return rest
        case Point(x=0, y=_):
            return None


def walrus_and_star(data, *args, **kwargs):
    if (n := len(data)) > 10:
        first, *middle, last = data
        print(*args, **kwargs)
        return {**kwargs, "n": n}
    return [*args, *data]


def counters():
    count = 0

    def bump():
        nonlocal count
        count += 1
        global TOTAL
        TOTAL = count
        return count

    return bump


def group_errors(tasks):
    errors = []
    try:
        run(tasks)
    except* ValueError as eg:
        errors.extend(eg.exceptions)
    except* (TypeError, KeyError):
        raise
    return errors


def outer_with_nested(values):
    def inner(v):
        a = v + 1
        b = a * 2
        c = b - 3
        d = c / 4
        return d

    return [inner(v) for v in values]


def docstring_only():
    """Five lines of docstring.

    Do not count.
    """


def four_statements(a):
    b = a
    c = b
    d = c
    return d


def bytes_first():
    b"not a docstring"
    a = 1
    b = 2
    c = 3
    return a + b + c


def fstring_first():
    f"not a docstring {1}"
    a = 1
    b = 2
    c = 3
    return a + b + c


def concatenated_docstring():
    "A different docstring."
    a = 1
    b = 2
    c = 3
    d = 4
    return a + b + c + d


def string_second():
    a = 1
    "a different string that is not a docstring"
    b = 2
    c = 3
    return a + b + c


def _unique(values):
    seen = set()
    out = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


class Aggregator:
    def same_body_as_method(self, items):
        total = 0
        for item in items:
            total += item.size
        self.total = total
        return total


class Cache:
    """A copy of TokenStore under another name and docstring."""

    ttl = 60

    def __init__(self, backend, prefix="tok"):
        self.backend = backend
        self.prefix = prefix
        self.hits = 0
        self.misses = 0
        self.ready = True

    def get(self, key):
        value = self.backend.get(self.prefix + key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def small(self):
        return self.ttl


class WithKeywords(Base, metaclass=Meta, flag=True):
    a = 1
    b = 2
    c = 3
    d = 4
    e = 5


class DifferentKeywords(Base, metaclass=Meta, flag=False):
    a = 1
    b = 2
    c = 3
    d = 4
    e = 5


def function_like_class(Base, metaclass=Meta, flag=True):
    a = 1
    b = 2
    c = 3
    d = 4
    e = 5


def same_file_twice(x):
    a = x
    b = a
    c = b
    d = c
    return d + 1


def exactly_five(x):
    if x:
        for i in x:
            while i:
                with i:
                    pass
