"""The composition root: builds the app from the audience blueprints and the shared domain."""

__all__ = ["create_app"]


def __getattr__(name: str):
    # Imported on first use: `antrian serve` patches the standard library for gevent before
    # the app (and its database driver) is imported.
    if name == "create_app":
        from antrian.app import create_app

        return create_app
    raise AttributeError(name)
