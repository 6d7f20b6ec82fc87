#!/usr/bin/env bash
# Installs everything Bank Client needs on Debian or Ubuntu: the system packages the token
# layer and its tests use, then the npm packages (native modules are built by `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "Bank Client needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
# softhsm2: the software token for tests and demos; opensc: pkcs11-tool, an independent
# reader of what we write to tokens; openssl: the independent checker of CSRs and signatures;
# libxml2-utils: xmllint, an independent reader of the XML the formats module writes;
# fonts-dejavu-core: the Cyrillic font embedded in the printed key-recognition act;
# poppler-utils and qpdf: independent readers of that PDF in the tests.
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends softhsm2 opensc openssl chromium libxml2-utils ca-certificates poppler-utils qpdf fonts-dejavu-core >/dev/null

# Electron 45 has no install script; its binary is fetched on first start. The variable keeps
# older Electron lines from downloading at install time on machines without that network.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
