"""Copies of shared/tabs.py, indented with spaces; and module-level `async` blocks."""


async def awaited(x):
    a = await x
    b = a
    c = b
    d = c
    return d


class Spaced:
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3
        self.d = 4
        self.e = 5


async with lock:  # module scope too (Python's ast accepts it outside a function)
    class Encoder:
        pass

async for item in feed:
    class Reexported:
        pass
