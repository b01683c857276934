#!/usr/bin/env bash
# The whole test suite from a fresh checkout: sets up .venv, installs the project with its
# test extras, installs Thunderbird and Xvfb for the end-to-end test when it may (root
# with apt-get), then runs ruff, mypy, pytest (host, corpus, extension build, e2e) and the
# extension's Node tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"

if command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
  sh .ci/e2e-deps.sh .venv
fi

.venv/bin/ruff check host tests bench
.venv/bin/mypy
node --test tests/extension/
.venv/bin/python -m pytest -q "$@"
