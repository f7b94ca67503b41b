"""serve: the JSON API and the web UI (FastAPI, Jinja2 templates, no JS build step).

``create_app(db_path)`` in ``app.py``; routes under /api in ``api.py``, pages in ``web.py``,
the one error shape in ``errors.py``, and the reads both share in ``queries.py``.
"""

from __future__ import annotations

from newsprism.serve.app import create_app

__all__ = ["create_app"]
