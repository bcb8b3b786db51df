from dataclasses import dataclass, field


@dataclass
class ValidationResult:
    valid: bool
    errors: list = field(default_factory=list)
