"""Request and response schemas of the backend API."""
from dataclasses import dataclass, field
from typing import List


@dataclass
class ValidationResult:
    """The outcome of validating one request."""

    valid: bool
    errors: List[str] = field(default_factory=list)

    def add_error(self, message: str) -> None:
        self.errors.append(message)
        self.valid = False

    def merge(self, other: "ValidationResult") -> "ValidationResult":
        merged = ValidationResult(self.valid and other.valid, list(self.errors))
        merged.errors.extend(other.errors)
        return merged
