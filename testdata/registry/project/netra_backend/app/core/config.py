"""Listed as a compatibility path, but it grew its own copy of the class."""


class AppConfig:
    debug = False
