import hashlib
import hmac
import time

from auth_service.auth_core.config import JWT_SECRET, TOKEN_TTL_SECONDS


def sign(subject: str) -> str:
    expires = int(time.time()) + TOKEN_TTL_SECONDS
    payload = f"{subject}:{expires}"
    digest = hmac.new(JWT_SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}:{digest}"
