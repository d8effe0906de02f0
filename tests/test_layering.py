"""The direction of imports inside the submissions app: the receipt builds on the flow, never the reverse loop.

``submissions/service.py`` seals a submission with the receipt's proof, so the
receipt package may not import the service back; the rows it shows come from
``submissions/answers.py``, which the overview uses too.
"""

import ast
from pathlib import Path

import submissions

APP = Path(submissions.__file__).parent


def imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(APP.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_receipt_does_not_import_the_submission_service():
    receipt_modules = sorted((APP / "receipt").glob("*.py"))
    assert len(receipt_modules) >= 5

    for path in receipt_modules:
        assert "submissions.service" not in imported_modules(path), path.name


def test_the_helper_resolves_relative_imports():
    assert "submissions.service" in imported_modules(APP / "views.py")
    assert "submissions.answers" in imported_modules(APP / "receipt" / "data.py")
