"""Reads every import in the repository and says which ones break the dependency rules.

The rules (docs/architecture.md, "Dependency rules"):

* ``antrian.shared`` never imports a face nor the wiring (``antrian.app``, the CLI, ...);
* the domain, ``antrian.shared`` minus its web glue (``shared.web``, ``shared.realtime``),
  never imports a web library nor the web glue;
* a face never imports another face, except that the kiosk and the admin print through
  ``antrian.printing``;
* nothing imports a folder by its old top-level name (``shared``, ``kiosk``, ...).

It works on the source text (``ast``), so a planted file in a temporary tree is checked the
same way as the repository: the tests prove the checker can fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Source folder -> the package it installs as (pyproject's package-dir).
ROOTS = {
    "antrian": "antrian",
    "shared": "antrian.shared",
    "kiosk": "antrian.kiosk",
    "counter": "antrian.counter",
    "display": "antrian.display",
    "survey": "antrian.survey",
    "admin": "antrian.admin",
    "printing": "antrian.printing",
}
FACES = ("kiosk", "counter", "display", "survey", "admin", "printing")
#: Faces that may import another face: printing is the kiosk's and the admin's printer.
FACE_MAY_IMPORT = {"kiosk": {"printing"}, "admin": {"printing"}}
WEB_GLUE = ("antrian.shared.web", "antrian.shared.realtime")
WEB_LIBRARIES = frozenset({"flask", "flask_socketio", "socketio", "engineio", "werkzeug",
                           "itsdangerous", "simple_websocket"})
#: werkzeug's password hashing is a hashing helper that touches nothing of the web.
DOMAIN_MAY_IMPORT = frozenset({"werkzeug.security"})
OLD_NAMES = frozenset(ROOTS) - {"antrian"}
#: Folders outside the package whose imports are read for the old names only.
OTHER_FOLDERS = ("tests", "bench", "scripts")
SKIP_DIRS = frozenset({".venv", "__pycache__", "build", "node_modules", "templates", "static"})


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # the importing module, "" outside the package
    target: str  # absolute dotted name


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    target: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.target}: {self.rule}"


def python_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*.py")):
        if not SKIP_DIRS.intersection(path.relative_to(folder).parts):
            yield path


def module_name(root: Path, path: Path) -> str:
    """The installed dotted name of a source file under one of ROOTS."""
    rel = path.relative_to(root)
    parts = [ROOTS[rel.parts[0]], *rel.parts[1:]]
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_in(path: Path, module: str) -> Iterator[Import]:
    """Every name ``path`` imports, made absolute; ``from a import b`` yields a and a.b."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, module, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield Import(path, node.lineno, module, base)
            for alias in node.names:
                if alias.name != "*":
                    yield Import(path, node.lineno, module, f"{base}.{alias.name}")


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def face_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "antrian" and parts[1] in FACES:
        return parts[1]
    return None


def is_domain(module: str) -> bool:
    return within(module, "antrian.shared") and not any(within(module, g) for g in WEB_GLUE)


def rules_broken(imp: Import) -> Iterator[str]:
    module, target = imp.module, imp.target
    top = target.split(".")[0]
    if top in OLD_NAMES:
        yield f"old top-level name {top!r}; import it as antrian.{top}"
    if not module:
        return
    if within(module, "antrian.shared") and within(target, "antrian") \
            and not within(target, "antrian.shared") and target != "antrian":
        yield "shared imports a face or the wiring"
    if is_domain(module):
        if top in WEB_LIBRARIES and not any(within(target, ok) for ok in DOMAIN_MAY_IMPORT):
            yield f"the domain imports the web library {top}"
        if any(within(target, glue) for glue in WEB_GLUE):
            yield "the domain imports the web glue"
    own, other = face_of(module), face_of(target)
    if own and other and other != own and other not in FACE_MAY_IMPORT.get(own, ()):
        yield f"the face {own} imports the face {other}"


def all_imports(repo: Path) -> Iterator[Import]:
    for folder in ROOTS:
        if (repo / folder).is_dir():
            for path in python_files(repo / folder):
                yield from imports_in(path, module_name(repo, path))
    for folder in OTHER_FOLDERS:
        if (repo / folder).is_dir():
            for path in python_files(repo / folder):
                yield from imports_in(path, "")


def violations(repo: Path) -> list[Violation]:
    found: dict[tuple, Violation] = {}
    for imp in all_imports(repo):
        for rule in rules_broken(imp):
            path = imp.path.relative_to(repo)
            # `from a import b` yields a and a.b: report each line and rule once
            found.setdefault((path, imp.line, rule), Violation(path, imp.line, imp.target, rule))
    return list(found.values())


def third_party_imports(repo: Path) -> dict[str, list[str]]:
    """Top-level names the installed package imports that are not its own nor the stdlib."""
    import sys

    seen: dict[str, list[str]] = {}
    for folder in ROOTS:
        for path in python_files(repo / folder):
            for imp in imports_in(path, module_name(repo, path)):
                top = imp.target.split(".")[0]
                if top and top != "antrian" and top not in sys.stdlib_module_names \
                        and top != "__future__":
                    seen.setdefault(top, []).append(f"{path.relative_to(repo)}:{imp.line}")
    return seen
