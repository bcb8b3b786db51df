"""Token validation. Its ValidationResult is a copy of the backend's: the drift ssotscan finds."""
from dataclasses import dataclass, field
from typing import List


@dataclass
class ValidationResult:
    valid: bool
    errors: List[str] = field(default_factory=list)

    def add_error(self, message: str) -> None:
        self.errors.append(message)
        self.valid = False

    def merge(self, other: "ValidationResult") -> "ValidationResult":
        merged = ValidationResult(self.valid and other.valid, list(self.errors))
        merged.errors.extend(other.errors)
        return merged


def validate_token(token: str) -> ValidationResult:
    result = ValidationResult(valid=True)
    if token.count(":") != 2:
        result.add_error("malformed token")
    return result
