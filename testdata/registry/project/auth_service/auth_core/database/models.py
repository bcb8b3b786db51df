"""Auth models."""


class User:
    pass


class Session:
    pass
