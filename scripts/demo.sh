#!/usr/bin/env bash
# README command (a): set up, then open SafetyDesk on a demo installation with its own data folder,
# filled with a demo school's realistic Chinese data. Your real installation is never touched: a
# real installation starts with the first-run wizard (`safetydesk` with no command).
#
#   bash scripts/demo.sh                  # data in ~/.local/share/SafetyDesk-demo
#   SAFETYDESK_DEMO_DIR=/tmp/d bash scripts/demo.sh --lang en
#   bash scripts/demo.sh --township       # a township centre with three schools' packages imported
#   SAFETYDESK_DEMO_ROLE=township bash scripts/demo.sh          # the same
#                                         # (data in ~/.local/share/SafetyDesk-demo-township)
#
# Extra arguments are global options passed to safetydesk (e.g. --lang en).
set -euo pipefail

ROLE="${SAFETYDESK_DEMO_ROLE:-school}"
args=()
for arg in "$@"; do
    if [[ "$arg" == "--township" ]]; then ROLE=township; else args+=("$arg"); fi
done
set -- "${args[@]+"${args[@]}"}"
case "$ROLE" in
    school) DEMO_ARGS=(demo); SUFFIX=""; HINT="" ;;
    township) DEMO_ARGS=(demo --township); SUFFIX="-township"; HINT=" --township" ;;
    *) echo "demo: SAFETYDESK_DEMO_ROLE must be school or township, not '$ROLE'" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export LANG="${LANG:-C.UTF-8}"

bash scripts/setup.sh
SAFETYDESK="$ROOT/.venv/bin/safetydesk"
DIR="${SAFETYDESK_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/SafetyDesk-demo$SUFFIX}"

if [[ ! -f "$DIR/safetydesk.sqlite3" ]]; then
    fresh=0
    if [[ ! -e "$DIR" ]] || [[ -z "$(ls -A "$DIR" 2>/dev/null)" ]]; then fresh=1; fi
    echo "demo: creating the demo installation ($ROLE) in $DIR"
    rc=0
    "$SAFETYDESK" --data-dir "$DIR" "$@" "${DEMO_ARGS[@]}" </dev/null || rc=$?
    if ((rc != 0)); then
        echo "demo: 'safetydesk demo' failed (exit $rc)." >&2
        if ((fresh)); then
            rm -rf "$DIR"   # we created it: leave nothing half-made, so the next run starts over
        else
            echo "demo: $DIR already held files; move them away or set SAFETYDESK_DEMO_DIR." >&2
        fi
        exit "$rc"
    fi
else
    echo "demo: using the existing demo installation in $DIR (delete the folder to start over)"
fi

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    cat >&2 <<MSG
demo: no display here (DISPLAY is not set), so the window cannot open.
  The demo installation is ready in $DIR.
  - On a desktop session, run this command again there.
  - On a server, use a virtual display:  xvfb-run -a bash scripts/demo.sh$HINT
  - To check that every page opens without a display:
        $SAFETYDESK --data-dir "$DIR" selftest
MSG
    exit 1
fi

pw="$("$ROOT/.venv/bin/python" -c 'from safetydesk.commands.demo import DEMO_PASSWORD; print(DEMO_PASSWORD)' \
    2>/dev/null || true)"
[[ -n "$pw" ]] && echo "demo: sign in as admin with the demo password $pw (demo installations only)"
echo "demo: opening SafetyDesk (close the window to finish)"
exec "$SAFETYDESK" --data-dir "$DIR" "$@"
