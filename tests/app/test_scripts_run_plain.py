"""The app's scripts run as written (issue 13): Streamlit's "magic" is off
(`.streamlit/config.toml`, `runner.magicEnabled`), so an expression standing alone on a line
would silently show nothing; every script writes only through calls. And the warm-up gives way
to the scripts: while one runs, it waits before its next figure."""

from __future__ import annotations

import ast
import threading
import tomllib
from pathlib import Path

import pytest

from ui import warm

PROJECT = Path(__file__).resolve().parents[2]
SCRIPTS = [PROJECT / "app.py", *sorted((PROJECT / "pages").glob("*.py"))]


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the expression statements that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first))
    return found


def test_magic_is_off() -> None:
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_expression_relies_on_magic(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    bare = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and not isinstance(node.value, ast.Call | ast.Await | ast.Yield | ast.YieldFrom)
        and id(node) not in docstrings
    ]
    assert not bare, f"{script.name}: lines {bare} would be shown by magic, which is off"


def test_the_warm_up_waits_while_a_script_runs() -> None:
    assert warm._give_way(0.01)
    with warm.script_running():
        assert not warm._give_way(0.01)
        waited = threading.Event()
        thread = threading.Thread(target=lambda: warm._give_way(5) and waited.set())
        thread.start()
        assert not waited.wait(0.05)
    thread.join(5)
    assert waited.is_set()
    assert warm._give_way(0.01)
