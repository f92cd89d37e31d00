"""The `antrian` command's entry point. `antrian serve` runs on gevent, whose patching of the
standard library must come before anything imports the database driver or the app."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        from antrian import serving

        serving.patch()
    from antrian.cli import main as cli_main

    cli_main()
