"""What the code's comments and the docs point to exists: a docs/ page, and the section named.

A comment such as `(docs/sop.md, "Conventions of Indonesian queue systems")` must name a page
in docs/ with a heading holding those words; a Markdown link must reach a file.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("antrian", "shared", "kiosk", "counter", "display", "survey", "admin", "printing",
           "tests", "bench", "scripts")
POINTER = re.compile(r"docs/([\w.-]+\.md)(?:,\s*\"([^\"]+)\")?")
MD_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def source_files():
    for folder in SOURCES:
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in {".py", ".js", ".html", ".css"} and ".venv" not in path.parts \
                    and path != Path(__file__).resolve():  # its examples are wrong on purpose
                yield path


def pointers(text: str) -> list[tuple[str, str | None]]:
    flat = re.sub(r"\s*\n\s*(?:#|\*|//)?\s*", " ", text)  # a pointer may wrap in a comment
    return [(m[1], m[2]) for m in POINTER.finditer(flat)]


def broken(path: Path) -> list[str]:
    name = path.relative_to(REPO) if path.is_relative_to(REPO) else path.name
    found = []
    for page, section in pointers(path.read_text(encoding="utf-8")):
        doc = REPO / "docs" / page
        if not doc.is_file():
            found.append(f"{name}: docs/{page} does not exist")
        elif section and not any(line.startswith("#") and section in line
                                 for line in doc.read_text(encoding="utf-8").splitlines()):
            found.append(f"{name}: docs/{page} has no section {section!r}")
    return found


def test_comments_point_to_pages_and_sections_that_exist():
    problems = [p for path in source_files() for p in broken(path)]
    assert problems == []


def test_nothing_points_to_the_design_notes_outside_the_repository():
    stale = [str(p.relative_to(REPO)) for p in source_files()
             if re.search(r"\b(DESIGN|SOP)\.md\b", p.read_text(encoding="utf-8"))]
    assert stale == []


def test_markdown_links_reach_files():
    problems = []
    for md in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for target in MD_LINK.findall(md.read_text(encoding="utf-8")):
            if "://" not in target and not (md.parent / target).exists():
                problems.append(f"{md.relative_to(REPO)} -> {target}")
    assert problems == []


def test_a_wrong_section_is_caught(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text('# see (docs/sop.md, "No such\n# heading here")\n# and docs/nope.md\n')
    assert [b.split(": ", 1)[1] for b in broken(bad)] == [
        "docs/sop.md has no section 'No such heading here'", "docs/nope.md does not exist"]


def test_source_paths_named_in_the_docs_exist():
    folders = "|".join(SOURCES)
    named = re.compile(rf"\b(?:{folders})/[\w/.-]+\.(?:py|js|css|html)\b")
    missing = sorted({f"{md.relative_to(REPO)}: {path}"
                      for md in [REPO / "README.md", *(REPO / "docs").glob("*.md")]
                      for path in named.findall(md.read_text(encoding="utf-8"))
                      if not (REPO / path).exists()})
    assert missing == []
