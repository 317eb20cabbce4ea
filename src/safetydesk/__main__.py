from __future__ import annotations

import sys

from safetydesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
