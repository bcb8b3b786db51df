"""Structure the flat fingerprint stream can get wrong, first spelling. Every definition pairs
with the one of the same name in shared/structure_b.py (classes: the `Legacy` name there); the
two differ only in the detail the name gives, and are duplicates exactly when Python's
`ast.dump` of their bodies is equal (see the comment at each pair and tests/oracle.rs).
Never imported or run."""


# Slices: which of lower / upper / step is present. Different.
def page_tail(rows, offset):
    visible = rows[offset:]
    total = len(rows)
    shown = len(visible)
    hidden = total - shown
    return visible, hidden


def page_head(rows, limit):
    visible = rows[:limit]
    total = len(rows)
    shown = len(visible)
    hidden = total - shown
    return visible, hidden


def page_stride(rows, stride):
    sampled = rows[::stride]
    total = len(rows)
    kept = len(sampled)
    dropped = total - kept
    return sampled, dropped


def window_bounds(samples, start, stop):
    window = samples[start:stop]
    count = len(window)
    peak = max(window)
    floor = min(window)
    return count, peak, floor


# `x[a:b:]` is `x[a:b]` (no step either way). Same.
def window_trailing_colon(series, first, last):
    chunk = series[first:last:]
    size = len(chunk)
    top = max(chunk)
    bottom = min(chunk)
    return size, top, bottom


# Dict displays: a key-value pair against two unpackings, and where the unpacking sits.
# Different.
def merge_settings(defaults, overrides):
    merged = {defaults: overrides}
    merged_keys = sorted(merged)
    first_key = merged_keys[0]
    settings_count = len(merged_keys)
    return first_key, settings_count


def merge_headers(names, values, extra):
    headers = {names: values, **extra}
    header_keys = sorted(headers)
    header_count = len(header_keys)
    first_header = header_keys[0]
    return first_header, header_count


# Loop `else` clauses against the same statements in the loop body. Different.
def find_free_port(ports, taken):
    chosen = None
    for port in ports:
        if port not in taken:
            chosen = port
    else:
        taken.add(chosen)
    return chosen


def drain_queue(queue, sink):
    drained = 0
    while queue:
        item = queue.pop()
        sink.append(item)
    else:
        drained += 1
    return drained


# `try` clauses: `else` against `finally`, and a statement in the body against in `finally`.
# Different.
def load_profile(store, user_id):
    profile = None
    try:
        profile = store.get(user_id)
    except KeyError:
        profile = store.default()
    else:
        store.touch(user_id)
    return profile


def flush_buffer(buffer, stream):
    written = 0
    try:
        written = stream.write(buffer)
        stream.flush()
    finally:
        buffer.clear()
    return written


# Call arguments: Python's ast keeps positional and starred arguments in `args` and keywords
# in `keywords`, whatever their order in the source. Same.
def dispatch_jobs(pool, jobs):
    batch = list(jobs)
    size = len(batch)
    result = pool.submit(*batch, retries=3)
    status = result.wait()
    return status, size


def open_channel(connect, path, timeout, rest, options):
    attempts = 0
    channel = connect(path, timeout=timeout, *rest, **options)
    attempts += 1
    channel.ping()
    return channel, attempts


# Positional arguments around a starred one, and keywords around `**`: their order is kept.
# Different.
def publish_event(bus, first, rest):
    topic = first.topic
    payload = first.payload
    bus.publish(first, *rest)
    bus.flush()
    return topic, payload


def render_page(template, context, title):
    layout = template.layout
    blocks = template.blocks
    html = template.render(**context, title=title)
    size = len(html)
    return html, size, layout, blocks


# Exception handlers and `raise`.
# `except E as e` against `except E`. Different.
def parse_port(text, log):
    port = 0
    try:
        port = int(text)
    except ValueError as problem:
        log.warning(ValueError)
    return port


# `raise a from b` against `raise a(b)`. Different.
def read_config(loader, key):
    value = None
    try:
        value = loader[key]
    except KeyError as err:
        raise ConfigError(key) from err
    return value


# `assert x, m` with redundant parentheses. Same.
def check_invariants(state, message):
    ok = state.valid()
    assert (ok), message
    count = state.count
    assert count >= 0, (message)
    return count


# `with` items: which item binds the target. Different.
def copy_stream(source, lock, target):
    copied = 0
    with source as reader, lock:
        data = reader.read()
        copied = target.write(data)
    return copied


# Parenthesized `with` items are the items. Same.
def with_transaction(lock, session):
    done = False
    with (lock, session):
        session.commit()
        done = True
    return done


# Signatures and lambdas.
# A lambda's default on a keyword-only parameter against on a positional one. Different.
def sort_key_factory(items):
    key = lambda item, *, reverse=False: item.rank
    ranked = sorted(items, key=key)
    best = ranked[0]
    worst = ranked[-1]
    return best, worst


# Positional-only parameters. Different.
def resolve_host(request, /, timeout):
    host = request.host
    port = request.port
    address = (host, port)
    deadline = timeout * 2
    return address, deadline


# `*name` against `**name`. Different.
def build_command(*extra):
    parts = ["run"]
    parts.extend(extra)
    line = " ".join(parts)
    size = len(line)
    return line, size


# Which keyword-only parameter has the default. Different.
def schedule_task(*, delay=1, period):
    start = delay
    every = period
    runs = 0
    stop = start + every
    return start, every, runs, stop


# Comprehensions: where an `if` sits among several `for`s, two `if`s against one `and`.
# Different.
def active_members(groups):
    members = [u for g in groups if g.active for u in g.users]
    count = len(members)
    first = members[0]
    last = members[-1]
    return count, first, last


def admin_users(users):
    admins = [u for u in users if u.active if u.admin]
    count = len(admins)
    first = admins[0]
    last = admins[-1]
    return count, first, last


# `global` against `nonlocal` in a nested function. Different.
def make_counter(start):
    counter = start

    def bump():
        global counter
        counter += 1
        return counter

    bump()
    return bump


# `del a, b` against `del (a, b)`. Different.
def evict_entries(cache, old, stale):
    size = len(cache)
    del cache[old], cache[stale]
    remaining = len(cache)
    evicted = size - remaining
    return evicted


# Augmented assignment operators. Different.
def accumulate(values):
    total = 0
    for value in values:
        total += value
    mean = total / len(values)
    return total, mean


# A chained comparison against a comparison of a comparison. Different.
def in_range(value, low, high):
    inside = low <= value < high
    below = value < low
    above = value >= high
    edge = value == low
    return inside, below, above, edge


# `not in` against `is not`. Different.
def dedupe(keys, seen):
    fresh = []
    for key in keys:
        if key not in seen:
            fresh.append(key)
    return fresh


# Which target is starred. Different.
def split_path(parts):
    head, *tail = parts
    depth = len(tail)
    root = head
    leaf = tail
    return root, leaf, depth


# Nested conditional expressions: parentheses that change nothing. Same.
def pick_level(verbose, quiet, debug):
    level = "info" if verbose else ("debug" if debug else "warning")
    quiet_level = "error" if quiet else level
    name = level.upper()
    short = name[0]
    return quiet_level, short


# Nested conditional expressions: parentheses that regroup. Different.
def pick_color(error, warning, muted):
    color = ("red" if error else "yellow") if warning else "grey"
    fallback = "black" if muted else color
    name = color.upper()
    short = name[0]
    return fallback, short


# `elif` is an `if` in the `else` block in Python's ast. Same.
def classify_status(code):
    label = "unknown"
    if code < 300:
        label = "ok"
    elif code < 500:
        label = "client"
    return label


# Match statements.
# `case None` against `case True`, and `case True` against `case False`. Different.
def describe_flag(flag):
    text = "unset"
    match flag:
        case None:
            text = "missing"
    size = len(text)
    return text, size


def describe_switch(switch):
    state = "off"
    match switch:
        case True:
            state = "on"
    width = len(state)
    return state, width


# `case [a, b]` is `case (a, b)`. Same.
def unpack_pair(pair):
    result = None
    match pair:
        case [left, right]:
            result = left + right
    ok = result is not None
    return result, ok


# A mapping pattern with and without `**rest`. Different.
def route_message(message):
    handler = None
    match message:
        case {"id": ident, **rest}:
            handler = ident
    found = handler is not None
    return handler, found


# A class pattern's keyword pattern against a positional one. Different.
def locate_point(point):
    where = "elsewhere"
    match point:
        case Point(x, y=0):
            where = x
    known = where != "elsewhere"
    return where, known


# `[first, *_]` against `[first, *rest]`, and an `as` capture. Different.
def head_of(items):
    head = None
    match items:
        case [first, *_] as whole:
            head = first
    empty = head is None
    return head, empty


# An or-pattern and a guard, with parentheses that change nothing. Same.
def parse_answer(answer, strict):
    verdict = None
    match answer:
        case "yes" | "y" if strict:
            verdict = True
    decided = verdict is not None
    return verdict, decided


# Implicitly concatenated literal patterns. Same.
def match_keyword(word):
    kind = "name"
    match word:
        case "return" "ing":
            kind = "keyword"
    length = len(kind)
    return kind, length


# Literals.
# f-strings with nested format specs: spacing, and `{w=}` inside a spec. Same.
def format_amount(value, width, precision):
    text = f"{value:{width}.{precision}f}"
    debug = f"{value:{width=}}"
    size = len(text)
    padded = text.rjust(size)
    return padded, debug


# Where a nested field ends: inside the spec or after it. Different.
def format_cell(value, width, unit):
    text = f"{value:{width}}{unit}"
    size = len(text)
    left = text.ljust(size)
    right = text.rjust(size)
    return left, right


# Implicit concatenation, `0x10`, `1_000`, quotes and parentheses: the same constants and
# expressions. Same.
def retry_policy(attempt):
    message = "retry " "later"
    mask = 0x10
    budget = 1_000
    mode = 'fast'
    delay = (attempt) * mask
    return message, budget, mode, delay


# `x: int = 1` against `(x): int = 1` (Python's `simple` flag). Different.
def annotated_total(values):
    total: int = 0
    for value in values:
        total = total + value
    mean = total / len(values)
    return total, mean


# Class bodies whose methods differ only in such a detail (the methods are too short to count
# on their own).
# A slice bound: different.
class RowPager:
    size = 10

    def first(self, rows):
        return rows[self.size:]

    def rest(self, rows):
        return rows[1:]


# Keyword before a starred argument: same.
class JobRunner:
    retries = 3

    def run(self, pool, jobs):
        return pool.submit(*jobs, retries=self.retries)

    def stop(self, pool):
        return pool.shutdown()


# Starred base and metaclass keyword, in either order: same.
class PluginBase(*MIXINS, metaclass=Registry):
    name = "base"
    enabled = True
    priority = 0
    tags = ()
    version = 1


# A method long enough to count on its own: a `for ... else`. Both the class and the method
# differ.
class PortScanner:
    timeout = 1.0

    def scan(self, ports):
        found = []
        for port in ports:
            found.append(port)
        else:
            self.done = True
        return found
