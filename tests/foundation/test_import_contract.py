"""The dependency rules hold in the source, and the install ships every package under `antrian`.

The rules are in docs/architecture.md; tests/support/import_contract.py reads the imports.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.support import import_contract as contract

REPO = Path(__file__).resolve().parents[2]

#: Imports that break a rule today, each with the reason it stands. The test fails when one
#: disappears (remove it here) as well as when a new one appears.
KNOWN: set[tuple[str, str]] = set()


def test_the_repository_keeps_the_dependency_rules():
    found = contract.violations(REPO)
    new = [str(v) for v in found if (v.path.as_posix(), v.target) not in KNOWN]
    assert new == [], "\n".join(new)


def test_every_known_exception_is_still_there():
    found = {(v.path.as_posix(), v.target) for v in contract.violations(REPO)}
    assert KNOWN - found == set(), "fixed: remove these from KNOWN"


def plant(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            if parent.parts and parent.parts[0] not in contract.OTHER_FOLDERS:
                (root / parent / "__init__.py").touch()
        path.write_text(text)
    return root


def rules_for(tmp_path, files: dict[str, str]) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for v in contract.violations(plant(tmp_path, files)):
        result.setdefault(v.path.as_posix(), set()).add(v.rule)
    return result


def test_a_planted_web_import_in_the_domain_is_reported(tmp_path):
    found = rules_for(tmp_path, {
        "shared/tickets/bad.py": "from flask import request\n",
        "shared/core/bad.py": "import flask_socketio\n",
        "shared/office/bad.py": "from antrian.shared.realtime import hub\n",
        "shared/cases/bad.py": "from antrian.shared import web\n",
        "shared/web/ok.py": "from flask import request\nfrom werkzeug import exceptions\n",
        "shared/realtime/ok.py": "from flask_socketio import SocketIO\n",
    })
    assert found == {
        "shared/tickets/bad.py": {"the domain imports the web library flask"},
        "shared/core/bad.py": {"the domain imports the web library flask_socketio"},
        "shared/office/bad.py": {"the domain imports the web glue"},
        "shared/cases/bad.py": {"the domain imports the web glue"},
    }


def test_planted_shared_to_face_and_face_to_face_imports_are_reported(tmp_path):
    found = rules_for(tmp_path, {
        "shared/tickets/bad.py": "from antrian.kiosk import routes\n",
        "shared/web/bad.py": "import antrian.app\n",
        "shared/core/bad.py": "from antrian import counter\n",
        "kiosk/bad.py": "from antrian.counter.routes import bp\n",
        "display/bad.py": "from antrian.printing import spooler\n",
        "kiosk/ok.py": "from antrian.printing import spooler\nfrom antrian.shared import core\n",
        "admin/ok.py": "from antrian.printing import spooler\n",
        "antrian/ok.py": "from antrian import kiosk, counter\n",
    })
    assert found == {
        "shared/tickets/bad.py": {"shared imports a face or the wiring"},
        "shared/web/bad.py": {"shared imports a face or the wiring"},
        "shared/core/bad.py": {"shared imports a face or the wiring"},
        "kiosk/bad.py": {"the face kiosk imports the face counter"},
        "display/bad.py": {"the face display imports the face printing"},
    }


def test_planted_relative_and_old_name_imports_are_reported(tmp_path):
    found = rules_for(tmp_path, {
        "shared/tickets/bad.py": "from ...kiosk import routes\n",  # antrian.kiosk
        "shared/tickets/ok.py": "from ..core import db\nfrom . import states\n",
        "counter/bad.py": "from shared.core import db\n",
        "tests/bad.py": "import kiosk.routes\n",
        "bench/ok.py": "from antrian.kiosk import routes\n",
    })
    assert found == {
        "shared/tickets/bad.py": {"shared imports a face or the wiring"},
        "counter/bad.py": {"old top-level name 'shared'; import it as antrian.shared"},
        "tests/bad.py": {"old top-level name 'kiosk'; import it as antrian.kiosk"},
    }


def source_packages(repo: Path) -> set[str]:
    """Every folder holding Python under a mapped root, by its installed name.

    Folders, not __init__.py files: the migrations are a folder of scripts without one, and a
    package missing from the list would install without error and fail on first import.
    """
    return {contract.module_name(repo, path.parent / "__init__.py")
            for folder in contract.ROOTS for path in contract.python_files(repo / folder)}


def test_pyproject_lists_every_package_so_a_plain_install_ships_it():
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert set(setuptools["packages"]) == source_packages(REPO)
    mapped = {pkg: folder for pkg, folder in setuptools["package-dir"].items()}
    assert mapped == {pkg: folder for folder, pkg in contract.ROOTS.items()}


def test_the_package_list_check_sees_a_new_folder(tmp_path):
    plant(tmp_path, {"shared/newroom/x.py": "", "kiosk/x.py": "",
                     "antrian/migrations/versions/0001.py": ""})
    (tmp_path / "antrian/migrations/__init__.py").unlink()
    (tmp_path / "antrian/migrations/versions/__init__.py").unlink()
    assert source_packages(tmp_path) == {
        "antrian", "antrian.migrations.versions", "antrian.shared", "antrian.shared.newroom",
        "antrian.kiosk"}


@pytest.mark.parametrize("folder", sorted(contract.ROOTS))
def test_every_mapped_folder_is_a_package(folder):
    assert (REPO / folder / "__init__.py").is_file()
