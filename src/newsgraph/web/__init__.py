"""The web UI and HTTP API (`newsgraph serve`): see app.py."""
from newsgraph.web.app import create_app, serve

__all__ = ["create_app", "serve"]
