"""Deprecated test helpers."""


class BaseTest:
    pass
