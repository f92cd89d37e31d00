"""Fail early when the pinned Playwright and Debian's Chromium drift apart.

Playwright speaks the DevTools protocol of the Chromium it was released with; an older or
newer browser mostly works until it doesn't. The table says which pairs we have run together.
"""

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
MATCHING = {"1.64": 156}  # Playwright minor -> the Chromium major it bundles

if not CHROMIUM.exists():
    print("check_browser: /usr/bin/chromium missing; browser tests will be skipped")
    sys.exit(0)
playwright = ".".join(version("playwright").split(".")[:2])
out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout
major = int(re.search(r"(\d+)\.\d+\.\d+", out).group(1))
expected = MATCHING.get(playwright)
print(f"check_browser: Playwright {playwright}, Debian Chromium {major}")
if expected != major:
    sys.exit(f"check_browser: Playwright {playwright} expects Chromium {expected}, found {major};"
             " pin the matching Playwright in pyproject.toml and this table")
