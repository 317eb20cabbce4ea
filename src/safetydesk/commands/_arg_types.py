"""argparse value types shared by several commands: a bad value is a usage error (exit 2).

argparse turns the ArgumentTypeError into the parser's usage message (cli._Parser, in the UI
language) before any command runs, so nothing is opened or changed. Runs on the main thread.
"""

from __future__ import annotations

import argparse

from safetydesk.domain.semester import semester


def semester_key(text: str) -> str:
    """A semester key such as 2026-autumn or 2027-spring, checked before the command runs.

    An empty value means no semester, as `report --semester ""` always did (scripts pass one).
    """
    if not text:
        return text
    try:
        semester(text)
    except ValueError as exc:  # its message says the form to write, in the UI language
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text
