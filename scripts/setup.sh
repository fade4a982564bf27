#!/usr/bin/env bash
# Set up everything this project needs on a Debian machine with Python >= 3.11. Idempotent:
# a second run checks and returns in about a second.
#   .venv/ with uv (installed into the venv with pip), the locked Python dependencies and this
#   package (editable); Debian's chromium (for static chart export with kaleido), a font with
#   full Vietnamese coverage and libreoffice-impress (to check the briefing deck renders), where
#   apt is available and we may use it.
# Set DE06_SKIP_APT=1 to skip the Debian packages (charts then export to HTML only).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=.venv
STAMP="$VENV/.installed-lock"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "[setup] error: Python >= 3.11 is required (found: $("$PY" --version 2>&1))" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PY" -m venv "$VENV"
fi
if [ ! -x "$VENV/bin/uv" ]; then
  say "installing uv into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check uv
fi

want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ] || ! "$VENV/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("de06metrics") is None)' 2>/dev/null; then
  say "installing locked Python dependencies"
  "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" -r requirements.lock
  "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" --no-deps -e .
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$STAMP"
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need_apt+=(fonts-noto-core)
# LibreOffice Impress: the deck test converts the .pptx to PDF with `soffice --headless`
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-impress)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "${DE06_SKIP_APT:-0}" = "1" ]; then
    say "skipping Debian packages (${need_apt[*]}): DE06_SKIP_APT=1; without chromium charts do not export to PNG/SVG, without soffice the deck's PDF check is skipped"
  elif ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get is not available: install ${need_apt[*]} yourself for PNG/SVG chart export"
  else
    SUDO=""
    [ "$(id -u)" = "0" ] || SUDO="sudo"
    say "installing Debian packages: ${need_apt[*]}"
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null; }; then
      say "could not install ${need_apt[*]} with apt-get: PNG/SVG export will fail with a clear message"
    fi
  fi
fi
say "ready ($("$VENV/bin/python" --version), de06metrics $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("de06metrics"))'))"
