BEARER = "Bearer "


def extract_credentials(header):
    """Renamed copy of normalize_token: found only with ignore-identifiers."""
    value = header.strip()
    if value.startswith(BEARER):
        value = value[len(BEARER):]
    value = value.strip()
    if not value:
        raise ValueError("empty token")
    return value
