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
# poppler-utils and qpdf: independent readers of that PDF in the tests;
# libengine-gost-openssl: OpenSSL's GOST engine, the independent checker of GOST R 34.10/34.11-2012
# (and what a GOST-enabled SoftHSM2 calls); libssl-dev, build-essential: to build that SoftHSM2.
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 \
  softhsm2 opensc openssl chromium libxml2-utils ca-certificates poppler-utils qpdf fonts-dejavu-core \
  libengine-gost-openssl libssl-dev build-essential >/dev/null

# The GOST software token: SoftHSM2 2.6.1 built with GOST into ~/.cache/bank-client (about 3
# minutes on 2 cores the first time; skipped when the cached module lists its GOST mechanisms).
scripts/build-softhsm-gost.sh

# Electron 45 has no install script; its binary is fetched on first start. The variable keeps
# older Electron lines from downloading at install time on machines without that network.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
