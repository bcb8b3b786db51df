def helper():
    return 0
