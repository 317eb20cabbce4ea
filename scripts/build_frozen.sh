#!/usr/bin/env bash
# Build the one-folder PyInstaller app from build.spec (clean build/ and dist/), then prove it runs:
# the frozen executable initialises a school in a temporary data folder and passes `selftest`
# with no display (selftest picks the offscreen Qt platform itself).
#
#   bash scripts/build_frozen.sh      # expects scripts/setup.sh to have run (test.sh does that)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export LANG="${LANG:-C.UTF-8}"

[[ -x .venv/bin/pyinstaller ]] || bash scripts/setup.sh

EXE=dist/safetydesk/safetydesk
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) EXE="$EXE.exe" ;; esac

rm -rf build dist
log="$(mktemp)"
t0=$SECONDS
if ! .venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
        --workpath build --distpath dist build.spec >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "build_frozen: PyInstaller failed (see above)" >&2
    exit 1
fi
build_time=$((SECONDS - t0))
# Show PyInstaller's warnings/errors only (missing modules etc.), not its routine chatter.
grep -E 'WARNING|ERROR' "$log" | grep -v -E 'Library not found|required via ctypes not found|"(pysqlite2|MySQLdb)" not found' | head -40 || true
rm -f "$log"
[[ -x "$EXE" ]] || { echo "build_frozen: $EXE was not produced" >&2; exit 1; }
echo "build_frozen: built $EXE in ${build_time}s; folder size $(du -sh dist/safetydesk | cut -f1)"

# Smoke test of the frozen app, as an officer's PC would run it: no display, fresh data folder.
DATA="$(mktemp -d "${TMPDIR:-/tmp}/safetydesk-frozen.XXXXXX")"
FROZEN_TMP="$DATA"
trap 'rm -rf "$FROZEN_TMP"' EXIT
run_frozen() {
    local rc=0
    env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$EXE" --data-dir "$DATA" "$@" </dev/null || rc=$?
    if ((rc != 0)); then
        echo "build_frozen: frozen 'safetydesk $1' exited $rc" >&2
        exit "$rc"
    fi
}
t0=$SECONDS
run_frozen init school --code 4105220001 --name 安阳县示范小学 --township-code 410522T01
run_frozen selftest
echo "build_frozen: frozen init + selftest passed in $((SECONDS - t0))s"

# The parts with native code or bundled data that only the frozen app can prove: argon2id and
# field encryption (init with a password sets up protection), demo data and a protected list,
# a PDF with the bundled font, and a signed package.
t0=$SECONDS
DATA="$DATA/protected"
PW="$DATA.pw"
printf 'frozen-check-1\n' >"$PW"
run_frozen init school --code 4105220002 --name 安阳县第二小学 --township-code 410522T01 --admin-password-file "$PW"
run_frozen --user admin --password-file "$PW" demo >/dev/null
run_frozen --user admin --password-file "$PW" list psych_case >/dev/null
run_frozen status --json >/dev/null  # bundled checklist keys are read from resources
run_frozen --user admin --password-file "$PW" settings set parent_meetings_required 3 >/dev/null
run_frozen --user admin --password-file "$PW" report drill-record --out "$DATA/drill.pdf" >/dev/null
run_frozen report township-summary --out "$DATA/bulletin.xlsx" >/dev/null  # report_defs are discovered
run_frozen supervision list --json >/dev/null
run_frozen --user admin --password-file "$PW" identity --out "$DATA/id.json" >/dev/null
grep -aq "FontFile2" "$DATA/drill.pdf" || { echo "build_frozen: frozen PDF has no embedded font" >&2; exit 1; }
if cat "$DATA"/safetydesk.sqlite3* | grep -aq "消极话语"; then
    echo "build_frozen: protected text readable in the frozen app's database file" >&2; exit 1
fi
echo "build_frozen: frozen protection, demo, report and identity passed in $((SECONDS - t0))s"

# The import path, whose JSON parser (orjson) is native code: the county demo carries real signed
# packages from schools to townships to the county through export and import.
t0=$SECONDS
DATA="$FROZEN_TMP/county"
run_frozen demo --county >/dev/null
echo "build_frozen: frozen package export and import (demo --county) passed in $((SECONDS - t0))s"
