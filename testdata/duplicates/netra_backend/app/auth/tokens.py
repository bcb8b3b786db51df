BEARER = "Bearer "


def normalize_token(raw):
    """Strip whitespace and the scheme from an Authorization header value."""
    token = raw.strip()
    if token.startswith(BEARER):
        token = token[len(BEARER):]
    token = token.strip()
    if not token:
        raise ValueError("empty token")
    return token
