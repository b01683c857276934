#!/bin/sh
# Installs what the real-client test (tests/e2e) needs, from Debian's packages:
# Thunderbird, Xvfb (+ xvfb-run, xauth), ImageMagick (`import` for screenshots) and a
# Japanese-capable font, Dovecot (the IMAP and POP3 server the arrival test runs on
# loopback); plus the Python test extras (marionette-driver) into the venv
# if one is given as $1 (default: .venv when it exists).
# Idempotent, and quick (no apt-get update) when everything is already installed.
set -eu

PKGS="thunderbird xvfb xauth imagemagick fonts-droid-fallback dovecot-imapd dovecot-pop3d"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "e2e-deps: installing:$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "e2e-deps: system packages already installed"
fi

VENV="${1:-.venv}"
if [ -x "$VENV/bin/python" ]; then
    if ! "$VENV/bin/python" -c "import marionette_driver" 2>/dev/null; then
        echo "e2e-deps: installing marionette-driver into $VENV"
        "$VENV/bin/pip" install -q "marionette-driver>=3.7"
    fi
fi

command -v thunderbird >/dev/null
command -v xvfb-run >/dev/null
thunderbird --version
