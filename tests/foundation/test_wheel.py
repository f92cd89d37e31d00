"""A plain (non-editable) install ships one top-level package, `antrian`, with its data.

The wheel is built from the repository's files (tracked or new, not ignored) copied aside, so
the build cannot lean on an editable install's leftovers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.import_contract import ROOTS

REPO = Path(__file__).resolve().parents[2]


def repo_files() -> list[str]:
    if not shutil.which("git") or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout to know which files are the project's")
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=REPO, capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f and (REPO / f).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[list[str], list[str], str]:
    files = repo_files()
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    for rel in files:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, src / rel)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q",
                    "-w", str(out)], check=True, capture_output=True, timeout=170)
    [built] = out.glob("antrian-*.whl")
    with zipfile.ZipFile(built) as zf:
        names = zf.namelist()
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        return files, names, zf.read(entry_points).decode()


def test_the_wheel_holds_only_antrian_and_its_metadata(wheel):
    _, names, _ = wheel
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"antrian"}


def test_every_module_and_data_file_of_the_package_is_in_the_wheel(wheel):
    files, names, _ = wheel
    expected = set()
    for rel in files:
        folder, _, rest = rel.partition("/")
        if folder in ROOTS and rest:
            expected.add(f"antrian/{rest}" if folder == "antrian" else f"antrian/{folder}/{rest}")
    missing = sorted(expected - set(names))
    assert missing == [], missing
    # the kinds of data the app cannot run without, named so an empty glob cannot pass
    for sample in ("antrian/kiosk/templates/", "antrian/shared/static/",
                   "antrian/migrations/versions/", "antrian/migrations/script.py.mako"):
        assert any(n.startswith(sample) for n in names), sample


def test_the_wheel_declares_the_antrian_command(wheel):
    *_, entry_points = wheel
    assert "antrian = antrian.entry:main" in entry_points
