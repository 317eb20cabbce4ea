#!/usr/bin/env bash
# Set up a development machine for SafetyDesk: the few Debian packages that Qt (offscreen/Xvfb), the
# PDF checks (poppler-utils), the package tests (openssl, unzip) and PyInstaller (binutils,
# libpython3.X) need, a virtual environment in .venv, and the package installed editable with its
# test and dev extras. Idempotent: a second run changes nothing and takes about a second.
#
#   bash scripts/setup.sh            # normally called by scripts/test.sh and scripts/demo.sh
#
# Environment: SAFETYDESK_SKIP_APT=1 skips the Debian packages; PYTHON picks the interpreter
# (default python3, which must be 3.11 or newer).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export LANG="${LANG:-C.UTF-8}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: %s\n' "$*" >&2; }

# --- Debian packages -----------------------------------------------------------------------------
APT_PACKAGES=(
    libgl1 libegl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0 libx11-6
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
    libxcb-randr0 libxcb-xinerama0 xvfb xauth poppler-utils openssl unzip
    binutils  # PyInstaller needs objdump/objcopy on Linux (scripts/build_frozen.sh)
    postgresql  # the hub suite's second engine (scripts/test_hubs_postgresql.sh; the server is not used)
)
PYTHON="${PYTHON:-python3}"

installed() {
    # Ubuntu 24.04 renamed some libraries with a "t64" suffix; either name counts.
    local p
    for p in "$1" "$1t64"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]]; then
            return 0
        fi
    done
    return 1
}

install_debian_packages() {
    if [[ "${SAFETYDESK_SKIP_APT:-}" == 1 ]]; then
        say "SAFETYDESK_SKIP_APT=1: not checking Debian packages"
        return 0
    fi
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "not a Debian/Ubuntu system: install the Qt runtime libraries, poppler-utils and" \
            "openssl with your package manager if tests fail"
        return 0
    fi
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    # Debian's python3 has no venv/ensurepip without python3-venv.
    if command -v "$PYTHON" >/dev/null 2>&1 && [[ ! -x .venv/bin/python ]] \
        && ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        missing+=(python3-venv)
    fi
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        missing+=(python3 python3-venv python3-pip)
    elif [[ "$(readlink -f "$(command -v "$PYTHON")")" == /usr/bin/* ]]; then
        # Debian's own Python keeps libpython3.X.so in a separate package; PyInstaller needs it.
        local libpy
        libpy="libpython$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        installed "$libpy" || missing+=("$libpy")
    fi
    ((${#missing[@]})) || return 0

    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            warn "missing Debian packages and no root/sudo to install them; please run as root:"
            warn "  apt-get install -y ${missing[*]}"
            return 0
        fi
        if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
    fi
    say "installing Debian packages: ${missing[*]}"
    local log apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    log="$(mktemp)"
    if ! "${apt[@]}" update -qq >"$log" 2>&1; then
        cat "$log" >&2
        warn "apt-get update failed; trying to install from the existing package lists"
    fi
    if "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    # One unknown name (an older or newer release) must not block the others: go one by one.
    local failed=()
    : >"$log"
    for p in "${missing[@]}"; do
        "${apt[@]}" install -y -qq --no-install-recommends "$p" >>"$log" 2>&1 || failed+=("$p")
    done
    if ((${#failed[@]})); then
        grep -E '^(E|W):' "$log" >&2 || cat "$log" >&2
        warn "could not install: ${failed[*]}. Continuing, but Qt tests, the PDF checks or the"
        warn "frozen build may fail. To install by hand: apt-get install -y ${failed[*]}"
    fi
    rm -f "$log"
}

# --- Python environment --------------------------------------------------------------------------
make_venv() {
    if [[ -x .venv/bin/python ]] && .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        2>/dev/null; then
        return 0
    fi
    command -v "$PYTHON" >/dev/null 2>&1 || { warn "$PYTHON not found: install Python 3.11 or newer"; exit 1; }
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        warn "SafetyDesk needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)"
        exit 1
    fi
    if [[ -e .venv ]]; then
        say "recreating the broken virtual environment .venv"
        rm -rf .venv
    fi
    say "creating the virtual environment .venv"
    "$PYTHON" -m venv .venv
}

pip_install() {
    # Re-install only when pyproject.toml changed (editable install: source edits need nothing).
    local stamp=.venv/.safetydesk-setup
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && .venv/bin/python -c 'import safetydesk' 2>/dev/null; then
        return 0
    fi
    say "installing SafetyDesk and its test/dev dependencies into .venv (pip)"
    local log
    log="$(mktemp)"
    if .venv/bin/python -m pip install -q --upgrade pip >"$log" 2>&1 \
        && .venv/bin/python -m pip install -q -e ".[test,dev]" >>"$log" 2>&1; then
        rm -f "$log"
        echo "$want" >"$stamp"
    else
        cat "$log" >&2
        rm -f "$log"
        warn "pip install failed (see above)"
        exit 1
    fi
}

install_debian_packages
make_venv
pip_install
say "ready ($(.venv/bin/python -V), $(.venv/bin/safetydesk --version 2>/dev/null || echo 'safetydesk ?'))"
