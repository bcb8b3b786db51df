# OK: parses.
value = 1
