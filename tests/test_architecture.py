"""The layout is the architecture: these tests keep the layers honest."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import stepdown.cli.main as cli_main

SRC = Path(__file__).resolve().parents[1] / "src" / "stepdown"
OUTER_LAYERS = ("stepdown.storage", "stepdown.services", "stepdown.cli", "stepdown.web", "stepdown.reports")
IO_MODULES = ("sqlalchemy", "fastapi", "click", "socket", "urllib", "http", "requests", "httpx", "sqlite3")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted((SRC / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_domain_imports_no_outer_layer_and_no_io(path: Path) -> None:
    for name in _imports(path):
        assert not name.startswith(OUTER_LAYERS), f"{path.name} imports {name}"
        assert name.split(".")[0] not in IO_MODULES, f"{path.name} imports {name}"


def test_domain_never_reads_the_clock() -> None:
    for path in (SRC / "domain").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert call not in text, f"{path.name} reads the clock with {call}"


def test_every_registered_command_loads() -> None:
    for name, target in cli_main.COMMANDS.items():
        module_name, attr = target.split(":")
        module = __import__(module_name, fromlist=[attr])
        assert hasattr(module, attr), f"command {name}: {target} is missing"


def test_cli_start_up_imports_no_heavy_library() -> None:
    """Loading every command module must not pull in storage, web or report libraries."""
    heavy = ["sqlalchemy", "fastapi", "uvicorn", "fpdf", "icalendar", "fhir", "alembic", "jinja2"]
    code = (
        "import sys, importlib\n"
        "from stepdown.cli.main import COMMANDS\n"
        "for t in COMMANDS.values(): importlib.import_module(t.split(':')[0])\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """stepdown module -> the stepdown modules it imports anywhere (top level or inside a function)."""
    modules = {
        _module_name(p): p for p in SRC.rglob("*.py") if "migrations" not in p.relative_to(SRC).parts
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_no_import_cycles() -> None:
    """Two modules that import each other (even lazily) share a piece that needs its own home."""
    graph = _import_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


MAX_MODULE_LINES = 500
# Modules still over MAX_MODULE_LINES, with their length when listed: each is waiting to be split
# along its seams (issue 14). The list can only shrink: a listed module may not grow, and one that
# fits must leave the list.
OVER_MAX_LINES = {
}


def _module_lines() -> dict[str, int]:
    return {
        path.relative_to(SRC).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
    }


def test_no_module_is_over_500_lines() -> None:
    """A module a reader can hold in their head has one job; past 500 lines it has several."""
    lines = _module_lines()
    over = {name: n for name, n in lines.items() if n > MAX_MODULE_LINES and name not in OVER_MAX_LINES}
    assert not over, f"modules over {MAX_MODULE_LINES} lines (split them along their seams): {over}"
    grown = {name: lines.get(name) for name, n in OVER_MAX_LINES.items() if lines.get(name, 0) > n}
    assert not grown, f"allow-listed modules grew past their listed length {OVER_MAX_LINES}: {grown}"
    fits = [name for name in OVER_MAX_LINES if lines.get(name, 0) <= MAX_MODULE_LINES]
    assert not fits, f"these modules fit now (or are gone): remove them from OVER_MAX_LINES: {fits}"


def test_typed_numbers_are_read_with_ascii_digits_only() -> None:
    """str.isdigit() is True for "²" and "٣", which int() then refuses or reads as another number:
    text from a person is checked with domain.numbers (digits_text, whole_text, decimal_text)."""
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("isdigit", "isnumeric", "isdecimal"):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    allowed = {"web/limits.py"}  # a bytes header: bytes.isdigit() is ASCII-only
    assert [f for f in found if f.split(":")[0] not in allowed] == []
