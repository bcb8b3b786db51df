# OK: test files are not compared (include-tests = false).
class Invoice:
    pass
