"""``newsprism serve``: binds 127.0.0.1 by default, warns on 0.0.0.0, reads NEWSPRISM_TOKEN."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsprism.cli import app


@pytest.fixture
def captured(monkeypatch):
    import uvicorn

    calls: list[dict] = []

    def fake_run(application, **kwargs):
        calls.append({"app": application, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def test_serve_defaults_to_localhost(captured, tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSPRISM_TOKEN", raising=False)
    db = tmp_path / "serve.db"
    result = CliRunner().invoke(app, ["--db", str(db), "serve"])
    assert result.exit_code == 0, result.output
    [call] = captured
    assert call["host"] == "127.0.0.1" and call["port"] == 8000
    assert "warning" not in result.output
    assert "http://127.0.0.1:8000/" in result.output
    assert call["app"].state.token is None
    assert db.exists()  # created and migrated at startup


def test_serve_on_all_interfaces_warns(captured, tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSPRISM_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "serve", "--host",
                                      "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "0.0.0.0" in result.output
    assert "NEWSPRISM_TOKEN" in result.output
    assert captured[0]["port"] == 9001


def test_serve_reads_the_token(captured, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSPRISM_TOKEN", "abc")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "serve"])
    assert result.exit_code == 0, result.output
    assert captured[0]["app"].state.token == "abc"
