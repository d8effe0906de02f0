"""machtigen hands the submission an authentication context and knows nothing of submissions."""

import ast
from pathlib import Path

import machtigen

APP = Path(machtigen.__file__).parent


def imported_roots(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def test_machtigen_never_imports_submissions_or_registrations():
    modules = sorted(APP.rglob("*.py"))
    assert len(modules) > 10
    for path in modules:
        assert not imported_roots(path) & {"submissions", "registrations"}, path


def test_the_context_module_is_a_leaf():
    allowed = {"__future__", "functools", "hashlib", "hmac", "json", "pathlib", "typing"}
    assert imported_roots(APP / "context.py") <= allowed | {"django", "stdnum", "jsonschema"}
