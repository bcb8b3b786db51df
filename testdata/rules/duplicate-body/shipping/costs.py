def shipping_fee(amount, rate):  # warning: duplicate-body
    # Comments and formatting do not matter.
    base = amount * rate

    if base < 1:
        base = 1
    return round(base, 2)


def identity(y):
    return y


# OK: a different body.
def handling_fee(amount, rate):
    base = amount * rate
    if base < 2:
        base = 2
    return round(base, 2)
