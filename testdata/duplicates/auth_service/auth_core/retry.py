class RetryPolicy:
    """How often to retry the token store."""

    attempts = 3
    backoff = 0.5
