"""The shape DESIGN.md gives the code, checked: imports go one way between the apps,
no app has an import cycle inside it, and no module reaches for another's private names.

The directions and the cycles are import-linter's contracts in pyproject.toml; the
private names are an AST walk here (a leading underscore means "this module's own").
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("athena", "cases", "custody", "intelligence")


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,  # noqa: S603
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


# Django's documented model API, underscore and all.
DJANGO_PUBLIC = frozenset({"_meta", "_default_manager", "_base_manager"})


def _is_private(name):
    return (name.startswith("_") and name not in DJANGO_PUBLIC
            and not (name.startswith("__") and name.endswith("__")))


def _ours(module):
    return module is not None and module.split(".")[0] in PACKAGES


def _private_imports(path):
    """(line, what) for each private name this module takes from another of ours."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    this = _module_name(path)
    found = []
    module_aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _ours(node.module) and node.module != this:
            for alias in node.names:
                if _is_private(alias.name):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
                else:
                    module_aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _ours(alias.name) and alias.name != this:
                    module_aliases[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _is_private(node.attr)
                and isinstance(node.value, ast.Name) and node.value.id in module_aliases):
            found.append((node.lineno, f"{module_aliases[node.value.id]}.{node.attr}"))
    return found


def test_no_module_uses_another_modules_private_names():
    offences = [f"{path.relative_to(ROOT)}:{line}: {what}"
                for path in _modules() for line, what in _private_imports(path)]
    assert not offences, "Private names used across modules:\n" + "\n".join(offences)
