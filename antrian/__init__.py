"""The composition root: builds the app from the audience blueprints and the shared domain."""

from antrian.app import create_app

__all__ = ["create_app"]
