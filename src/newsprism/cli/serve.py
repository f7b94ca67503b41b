"""``serve``: the JSON API and web UI on the current database (uvicorn)."""

from __future__ import annotations

import typer

from newsprism.cli.app import app, console, fail, labelled, settings
from newsprism.errors import NewsprismError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; 0.0.0.0 exposes it "
                             "to the network."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="TCP port."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Let POST /api/ingest fetch private/loopback URLs."),
) -> None:
    """Serve the JSON API (/api, schema at /openapi.json) and the web UI.

    Set NEWSPRISM_TOKEN to require 'Authorization: Bearer <token>' on write endpoints.
    """
    import uvicorn

    from newsprism.serve import create_app
    from newsprism.serve.app import settings_from_env

    try:
        served = settings_from_env()
    except ValueError as exc:  # its own settings: exit 2 like every command's (cli/env.py)
        fail(str(exc), code=2)
    token = served["token"]
    if host not in LOCAL_HOSTS:
        labelled("warning", "yellow", f"binding to {host} makes newsprism reachable "
                 "from other machines" + ("" if token else
                                          "; anyone can add articles (set NEWSPRISM_TOKEN)"))
    try:
        application = create_app(settings.db, allow_private=allow_private, **served)
    except NewsprismError as exc:  # the database cannot be opened: say so, no traceback
        fail(exc)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"newsprism: serving {settings.db} at http://{shown}:{port}/ "
                  "(Ctrl-C to stop)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
