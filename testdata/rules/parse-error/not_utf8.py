# Error: not UTF-8, reported at the first bad byte.
name = 'ÿ'  # error: parse-error
