# Test files are not compared (include-tests = false): neither with sources nor with each other.
class Settings:
    pass


class Fixture:
    pass
