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


def test_serve_reads_the_cache_and_thread_settings(captured, tmp_path, monkeypatch):
    import anyio.to_thread
    from fastapi.testclient import TestClient

    monkeypatch.setenv("NEWSPRISM_CACHE_SECONDS", "0")
    monkeypatch.setenv("NEWSPRISM_SERVE_THREADS", "3")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "serve"])
    assert result.exit_code == 0, result.output
    served = captured[0]["app"]
    assert served.state.cache.ttl == 0 and served.state.threads == 3
    with TestClient(served) as client:  # the lifespan bounds the worker threads
        tokens = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert tokens == 3
        assert client.get("/api/stories").status_code == 200


@pytest.mark.parametrize(("key", "value"), [("NEWSPRISM_SERVE_THREADS", "0"),
                                            ("NEWSPRISM_CACHE_SECONDS", "soon")])
def test_serve_refuses_a_bad_setting_with_its_name(captured, tmp_path, monkeypatch, key, value):
    monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "serve"])
    assert result.exit_code == 2  # like the settings every command checks (README: exit 2)
    assert key in result.output and repr(value) in result.output
    assert not captured
