BEARER = "Bearer "


def normalize_token(raw):
    # Same logic as netra_backend, formatted differently.
    token = raw.strip()
    if token.startswith(BEARER):
        token = token[len(BEARER) :]
    token = token.strip()
    if not token:
        raise ValueError(
            "empty token"
        )
    return token
