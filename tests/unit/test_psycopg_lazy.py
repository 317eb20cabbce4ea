"""Schools never load the PostgreSQL driver (issue 16.5: "nothing changes for them"): opening a
school, reading its status and its identity leaves psycopg out of the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import make_school

SCRIPT = """
import sys
from safetydesk.cli import main
from safetydesk.paths import DataPaths
from safetydesk.services.workspace import open_workspace, read_identity
root = sys.argv[1]
assert read_identity(DataPaths(__import__("pathlib").Path(root))) is not None
open_workspace(DataPaths(__import__("pathlib").Path(root))).close()
code = main(["--data-dir", root, "status", "--json"])
loaded = sorted(m for m in sys.modules if m.startswith(("psycopg", "sqlalchemy.dialects.postgresql")))
print("LOADED", code, loaded)
"""


def test_a_school_never_imports_psycopg(tmp_path: Path) -> None:
    paths = make_school(tmp_path / "school")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(paths.root)], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED 0 []" in done.stdout, done.stdout
