# Error: a syntax error, reported where the parser stops.
def handler(request:
    return request  # error: parse-error
