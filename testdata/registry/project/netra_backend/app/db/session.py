"""Database sessions."""


def get_session():
    return None
