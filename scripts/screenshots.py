"""Screenshots of the main pages on a demo installation, to look at what users see.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots.py OUT_DIR [PAGE_ID...]

Page ids: dashboard, kind:<record kind key>. Without page ids, the dashboard and a few lists.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    pages = sys.argv[2:] or ["dashboard", "kind:hazard", "kind:incident", "kind:drill", "kind:student"]
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import Qt

    from safetydesk.paths import DataPaths
    from safetydesk.services import demo
    from safetydesk.services.installation import SCHOOL, InitRequest, initialise
    from safetydesk.services.workspace import open_workspace
    from safetydesk.ui.main_window import MainWindow
    from safetydesk.ui.qt_setup import create_application

    app = create_application("zh_CN")
    paths = DataPaths(Path(tempfile.mkdtemp()) / "demo")
    initialise(paths, InitRequest(role=SCHOOL, code=demo.DEMO_SCHOOL["code"], name=demo.DEMO_SCHOOL["name"],
                                  township_code=demo.DEMO_SCHOOL["township_code"],
                                  township_name=demo.DEMO_SCHOOL["township_name"],
                                  admin_password="demo-2026-pass", is_demo=True)).close()
    ws = open_workspace(paths)
    demo.fill(ws.sessions)
    window = MainWindow(ws)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is small: not maximised
    window.resize(1366, 800)
    window.show()
    for page_id in pages:
        window.show_page(page_id)
        for _ in range(200):  # let the page's background queries land
            app.processEvents()
            if window.runner.is_idle():
                break
            window.runner.wait_done(50)
        for _ in range(5):
            app.processEvents()
        name = page_id.replace(":", "-")
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")
    window.close()
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
