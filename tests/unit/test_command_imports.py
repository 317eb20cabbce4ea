"""The command line loads without Qt: commands that need no window never import the UI.

import-linter (pyproject.toml) forbids safetydesk.commands -> safetydesk.ui except the selftest
command's import, but it cannot tell a lazy import inside a function from one at module level.
This test can: a fresh interpreter loads the parser and every command module, and no PySide6 or
safetydesk.ui module may be among the modules it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from safetydesk.cli import build_parser
from safetydesk.commands import command_modules
command_modules()
build_parser()
print(json.dumps(sorted(m for m in sys.modules
                        if m.split(".")[0] == "PySide6" or m.startswith("safetydesk.ui"))))
"""


def test_commands_load_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
