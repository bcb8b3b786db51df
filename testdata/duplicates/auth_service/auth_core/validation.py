class ValidationResult:
    def __init__(self, valid, errors=None):
        self.valid = valid
        self.errors = errors or []
