"""The docs are tested: every command, reader and setting is documented, and the generated
command reference matches the CLI's own --help."""

from __future__ import annotations

import importlib.util
import re

import typer

from newsprism.cli import app
from newsprism.ingest import READER_MODULES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _generator():
    path = ROOT / "scripts" / "gen_cli_docs.py"
    spec = importlib.util.spec_from_file_location("gen_cli_docs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_reference_is_generated_and_current():
    generated = _generator().render()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == generated, "docs/cli.md is stale: run scripts/gen_cli_docs.py"


def test_every_command_is_in_the_readme():
    group = typer.main.get_command(app)
    names = group.list_commands(typer.Context(group))
    assert len(names) >= 10
    missing = [name for name in names if f"newsprism {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_reader_is_in_the_readme():
    missing = [name for name in READER_MODULES if f"| `{name}` |" not in README]
    assert not missing, f"readers missing from README.md's format table: {missing}"


def test_every_environment_setting_is_in_the_readme():
    used = set()
    for path in (ROOT / "src" / "newsprism").rglob("*.py"):
        used |= set(re.findall(r"\b(NEWSPRISM_[A-Z_]+)\b", path.read_text(encoding="utf-8")))
    assert "NEWSPRISM_DB" in used
    missing = sorted(name for name in used if name not in README)
    assert not missing, f"settings missing from README.md: {missing}"
