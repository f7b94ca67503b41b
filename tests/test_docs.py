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


def _readme_command_lines() -> list[str]:
    """Every `newsprism …` the README shows: the lines of its bash blocks and inline spans."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        lines += [line.split("  #")[0].strip() for line in block.splitlines()]
    lines += re.findall(r"`(newsprism [^`]*)`", README)
    return [line for line in lines if line.startswith("newsprism ")]


def test_every_command_line_in_the_readme_uses_real_options():
    """A renamed option or format value leaves no stale example: each option the README shows
    is one the command takes, and each `--format a|b` value is one its help lists."""
    group = typer.main.get_command(app)
    context = typer.Context(group)
    top = {opt for param in group.params for opt in param.opts}
    lines = _readme_command_lines()
    assert len(lines) >= 20
    problems = []
    for line in lines:
        words = line.replace("…", "").split()[1:]
        while words and words[0] in top:
            words = words[1:]
        command = group.get_command(context, words[0]) if words else None
        if command is None:
            problems.append(f"{line}: no such command")
            continue
        options = {opt: param for param in command.params for opt in param.opts}
        for index, word in enumerate(words[1:], start=1):
            if not word.startswith("-") or word == "-":
                continue
            param = options.get(word)
            if param is None:
                problems.append(f"{line}: {words[0]} has no option {word}")
            elif word in ("--format", "-f") and index + 1 < len(words):
                listed = re.findall(r"[a-z]+", param.help or "")
                problems += [f"{line}: {word} {value} is not in its help"
                             for value in words[index + 1].split("|") if value not in listed]
    assert not problems, problems
