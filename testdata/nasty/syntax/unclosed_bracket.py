ITEMS = [
    "alpha",
    "beta",


def after():
    return ITEMS
