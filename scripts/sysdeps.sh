#!/usr/bin/env bash
# Install the system libraries clex needs, or say clearly what is missing.
# WeasyPrint (PDF reports) needs Pango; the report tests use poppler-utils (pdftotext,
# pdftoppm) and qpdf. With --browser (what `make test` asks for), also Debian's
# `chromium`, which the web page's tests drive through Playwright (tests/web): Playwright
# is never asked to download a browser of its own. Runs apt-get when it can (root, or
# sudo without a password).
set -u
py=${1:-python3}
browser=no
[ "${2:-}" = --browser ] && browser=yes
need=()
"$py" -c "import weasyprint" >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# The reports' font, the charts' words included (matplotlib lays them out in its own copy
# of DejaVu Sans; WeasyPrint draws them in the system's, so the two must be the same).
if ! { command -v fc-list >/dev/null 2>&1 && fc-list | grep -q "DejaVu Sans"; }; then
  need+=(fonts-dejavu-core)
fi
# Without HarfBuzz's subsetter WeasyPrint still works but warns on every PDF and embeds
# whole fonts.
"$py" -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('harfbuzz-subset'))" \
  || need+=(libharfbuzz-subset0)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
if [ $browser = yes ] && ! command -v chromium >/dev/null 2>&1 \
  && ! command -v chromium-browser >/dev/null 2>&1; then
  need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
if [ "$sudo" != none ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
fi
cat >&2 <<MSG
clex needs these system packages, which could not be installed here: ${need[*]}
  Debian/Ubuntu: sudo apt-get install ${need[*]}
  Fedora:        sudo dnf install pango qpdf poppler-utils chromium
  macOS:         brew install pango qpdf poppler; a Chromium on the PATH as 'chromium'
(chromium is for the web page's tests in a real browser: \`make test\` needs it, \`make demo\`
does not.) Then run the same make command again.
MSG
exit 1
