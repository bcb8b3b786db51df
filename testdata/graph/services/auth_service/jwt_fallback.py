import base64


def decode(token: str) -> bytes:
    return base64.urlsafe_b64decode(token)
