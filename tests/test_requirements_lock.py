"""The runtime lock an install uses carries what the bot needs to run and none of the dev tools;
the dev lock the tests use pins every runtime package at the same version."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
RUNTIME_PACKAGES = ("bot", "flows", "scoring", "standin", "storage")
LOADED_ONLY_BY_PYTEST = {Path("standin/pytest_plugin.py")}
DEV_TOOLS = ("mypy", "ruff", "uv", "pytest", "hypothesis", "import-linter", "pypdf", "httpx")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", re.MULTILINE)


def _pins(lock: str) -> dict[str, str]:
    text = (CHECKOUT / lock).read_text(encoding="utf-8")
    return {_normal(name): version for name, version in PIN.findall(text)}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_runtime_lock_has_no_dev_tools() -> None:
    runtime = _pins("requirements.lock")
    assert [tool for tool in DEV_TOOLS if tool in runtime] == []
    # What `scripts/dev.py` needs to install the project without fetching anything unpinned.
    assert "hatchling" in runtime


def test_the_dev_lock_pins_every_runtime_package_at_the_same_version() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
    assert all(tool in dev for tool in ("mypy", "ruff", "uv", "pytest"))


def test_every_runtime_import_is_satisfied_by_the_runtime_lock() -> None:
    runtime = _pins("requirements.lock")
    distributions = packages_distributions()
    missing = {}
    for module in sorted(_third_party_imports()):
        names = {_normal(d) for d in distributions.get(module, [])}
        assert names, f"{module} is imported but installed by no distribution"
        if not names & runtime.keys():
            missing[module] = sorted(names)
    assert missing == {}


def _third_party_imports() -> set[str]:
    """Top-level modules the runtime packages import when they run (not under TYPE_CHECKING),
    other than the standard library and our own."""
    found: set[str] = set()
    for package in RUNTIME_PACKAGES:
        for path in (CHECKOUT / package).rglob("*.py"):
            if path.relative_to(CHECKOUT) in LOADED_ONLY_BY_PYTEST:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in _runtime_nodes(tree):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - set(RUNTIME_PACKAGES) - {"__future__"}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    nodes: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        nodes.append(node)
        pending.extend(ast.iter_child_nodes(node))
    return nodes


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
