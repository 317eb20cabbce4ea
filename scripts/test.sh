#!/usr/bin/env bash
# README command (b), and what CI runs: set up, then every gate in order, stopping at the first
# failure with its exit code.
#
#   bash scripts/test.sh                          # everything, including the frozen build
#   SAFETYDESK_SKIP_FROZEN=1 bash scripts/test.sh # skip the PyInstaller build (quick local runs)
#   bash scripts/test.sh -k hazard -x             # extra arguments go to pytest (and skip the PostgreSQL pass)
#   SAFETYDESK_SKIP_POSTGRESQL=1 bash scripts/test.sh  # skip the hub suite's PostgreSQL pass
#   SAFETYDESK_TEST_WORKERS=0 bash scripts/test.sh     # pytest in one process (default: one worker per core;
#                                                      # needed for --pdb and other one-process options)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export LANG="${LANG:-C.UTF-8}"

START=$SECONDS
heading() { printf '\n==== %s ====\n' "$*"; }

gate() {
    # gate NAME COMMAND...: run one gate; on failure say which and exit with its code.
    local name="$1"; shift
    local t0=$SECONDS rc=0
    heading "$name"
    "$@" || rc=$?
    if ((rc != 0)); then
        printf '\n**** FAILED: %s (exit %d) ****\n' "$name" "$rc" >&2
        ((rc == 5)) && [[ "$name" == pytest* ]] && echo "(pytest exit 5: no tests were collected)" >&2
        exit "$rc"
    fi
    printf -- '---- %s: ok (%ds)\n' "$name" "$((SECONDS - t0))"
}

gate "setup" bash scripts/setup.sh
export PATH="$ROOT/.venv/bin:$PATH"
gate "ruff" ruff check src tests bench scripts
gate "import contracts (lint-imports)" lint-imports
gate "translations (scripts/i18n_tools.py)" python scripts/i18n_tools.py
# One pytest worker per core (pytest-xdist): every test has its own data folder and QApplication
# per worker, so they run side by side; SAFETYDESK_TEST_WORKERS=0 runs them in this process.
gate "pytest (offscreen)" env QT_QPA_PLATFORM=offscreen python -m pytest -n "${SAFETYDESK_TEST_WORKERS:-auto}" "$@"
if [[ "${SAFETYDESK_SKIP_POSTGRESQL:-}" == 1 ]]; then
    heading "hub suite on PostgreSQL: skipped (SAFETYDESK_SKIP_POSTGRESQL=1)"
elif (($#)); then
    heading "hub suite on PostgreSQL: skipped (pytest arguments given; run scripts/test_hubs_postgresql.sh)"
else
    gate "hub suite on PostgreSQL (scripts/test_hubs_postgresql.sh)" bash scripts/test_hubs_postgresql.sh
fi
if [[ "${SAFETYDESK_SKIP_FROZEN:-}" == 1 ]]; then
    heading "frozen build: skipped (SAFETYDESK_SKIP_FROZEN=1)"
else
    gate "frozen build + selftest (scripts/build_frozen.sh)" bash scripts/build_frozen.sh
fi
printf '\nAll gates passed in %ds.\n' "$((SECONDS - START))"
