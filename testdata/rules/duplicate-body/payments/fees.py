# Error: the same body under two names, in two modules.
def compute_fee(amount, rate):  # warning: duplicate-body
    base = amount * rate
    if base < 1:
        base = 1
    return round(base, 2)


# OK: too short to count (min-statements = 3).
def identity(x):
    return x
