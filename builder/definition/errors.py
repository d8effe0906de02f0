"""A problem in a form definition: where (a JSON path) and what, in plain words."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DefinitionError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidDefinition(ValueError):
    def __init__(self, errors: list[DefinitionError]):
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))
