#!/usr/bin/env bash
# Builds SoftHSM2 with GOST (Debian's package is built without it) into a cache folder outside
# the repository, so a second run, and a fresh clone on the same machine, reuse it:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/bank-client/softhsm-gost/lib/softhsm/libsofthsm2.so
# The tests find it there (tests/helpers/softhsm-gost.ts); BANKCLIENT_SOFTHSM_GOST_DIR moves it.
# Needs the Debian build dependencies scripts/setup-debian.sh installs (libssl-dev,
# libengine-gost-openssl, build-essential, opensc for the check) and root or sudo
# once, to add a deb-src entry for the machine's own Debian archive.
# Quiet on success; on failure it names the step, and the build log is kept.
set -euo pipefail

# Under `sudo scripts/setup-debian.sh` HOME is root's, but the tests run as the invoking user:
# build into that user's cache (and hand the files to them at the end).
home="$HOME"
owner=""
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && [ -z "${XDG_CACHE_HOME:-}" ]; then
  home="$(getent passwd "$SUDO_USER" | cut -d: -f6)"
  owner="$SUDO_USER"
fi
cache="${XDG_CACHE_HOME:-$home/.cache}/bank-client"
prefix="${BANKCLIENT_SOFTHSM_GOST_DIR:-$cache/softhsm-gost}"
module="$prefix/lib/softhsm/libsofthsm2.so"
work="$prefix.build"
log="$prefix.build.log"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

step="start"
fail() {
  echo "build-softhsm-gost: failed at step: $step" >&2
  [ -s "$log" ] && { echo "--- last lines of $log:" >&2; tail -n 25 "$log" >&2; }
  echo "$*" >&2
  exit 1
}
trap 'fail "Fix the cause above and run scripts/setup-debian.sh again (the build restarts from scratch)."' ERR

# The module counts as built when it loads and lists the four GOST mechanisms SoftHSM has
# (pkcs11-tool names them); a module without them (a build without GOST) is rebuilt.
gost_module_ok() {
  [ -f "$module" ] || return 1
  local tmp out
  tmp="$(mktemp -d)"
  mkdir "$tmp/tokens"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$tmp/tokens" >"$tmp/softhsm2.conf"
  out="$(SOFTHSM2_CONF="$tmp/softhsm2.conf" pkcs11-tool --module "$module" --list-mechanisms 2>&1 || true)"
  rm -rf "$tmp"
  for m in GOSTR3410-KEY-PAIR-GEN GOSTR3410 GOSTR3410-WITH-GOSTR3411 GOSTR3411; do
    grep -Eq "^ *$m([ ,]|$)" <<<"$out" || return 1
  done
}

mkdir -p "$cache"
# Two setups at once (two clones on one machine) must not build into the same folder.
exec 9>"$cache/softhsm-gost.lock"
flock 9

if gost_module_ok; then exit 0; fi

step="checking the build dependencies"
for cmd in pkcs11-tool cc c++ make apt-get; do
  command -v "$cmd" >/dev/null || fail "$cmd is missing: run scripts/setup-debian.sh, which installs the build dependencies first."
done
[ -f /usr/include/openssl/engine.h ] || fail "libssl-dev is missing: run scripts/setup-debian.sh."
engines="$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"$/\1/p')"
[ -f "$engines/gost.so" ] || fail "the OpenSSL GOST engine ($engines/gost.so) is missing: install libengine-gost-openssl (scripts/setup-debian.sh does)."

# apt-get source needs a deb-src line; it is added for the archive and release the machine
# already installs from (Debian bookworm: deb822 .sources or one-line sources.list), main only.
step="adding a deb-src entry for the Debian archive"
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[ -n "$codename" ] || fail "no VERSION_CODENAME in /etc/os-release: this script expects Debian (bookworm)."
srclist=/etc/apt/sources.list.d/bank-client-deb-src.sources
has_deb_src() { apt-get indextargets --format '$(CREATED_BY) $(RELEASE)' 2>/dev/null | grep -qx "Sources $codename"; }
if ! has_deb_src; then
  entry=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # the first stanza of Types deb whose Suites has the codename itself (not -security/-updates):
    # its URI and its Signed-By
    entry="$(awk -v s="$codename" 'BEGIN{RS="";FS="\n"} {t=0;su=0;u="";k="";
      for(i=1;i<=NF;i++){ if($i~/^Types:/&&$i~/[ \t]deb([ \t]|$)/)t=1;
        if($i~/^Suites:/){n=split($i,a,/[ \t]+/);for(j=2;j<=n;j++)if(a[j]==s)su=1}
        if($i~/^URIs:/){split($i,b,/[ \t]+/);u=b[2]}
        if($i~/^Signed-By:/){split($i,c,/[ \t]+/);k=c[2]} }
      if(t&&su&&u!=""){print u, k;exit}}' "$f")"
    [ -n "$entry" ] && break
  done
  if [ -z "$entry" ] && [ -f /etc/apt/sources.list ]; then
    entry="$(awk -v s="$codename" '$1=="deb"{i=2; if($2~/^\[/){while($i!~/\]$/)i++; i++} if($(i+1)==s){print $i;exit}}' /etc/apt/sources.list)"
  fi
  [ -n "$entry" ] || fail "found no 'deb' entry for $codename in /etc/apt/sources.list or sources.list.d/*.sources; add a deb-src line for softhsm2's source by hand."
  read -r uri key <<<"$entry"
  {
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "$uri" "$codename"
    [ -n "${key:-}" ] && printf 'Signed-By: %s\n' "$key"
  } | $sudo tee "$srclist" >/dev/null
fi

step="downloading the softhsm2 source (apt-get source)"
rm -rf "$work"
mkdir -p "$work"
# Only the upstream tarball is used: the Debian packaging tarball may be unavailable, and the
# upstream 2.6.1 source builds as it is, so a failed download of the rest does not matter.
# The source index is fetched (apt-get update) only when the first try finds no tarball.
get_orig() {
  (cd "$work" && apt-get source --download-only softhsm2 >>"$log" 2>&1) || true
  ls "$work"/softhsm2_2.6.1.orig.tar.* 2>/dev/null | head -n1 || true
}
: >"$log"
orig="$(get_orig)"
if [ -z "$orig" ]; then
  $sudo apt-get update -qq -o DPkg::Lock::Timeout=600 >>"$log" 2>&1 || fail "apt-get update failed: see $log."
  orig="$(get_orig)"
fi
[ -n "$orig" ] || fail "apt-get source did not bring softhsm2_2.6.1.orig.tar.*: check the deb-src entry ($srclist) and the network, see $log."
tar -xf "$orig" -C "$work"
src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'softhsm*' | head -n1)"

step="configure (--enable-gost)"
# p11-kit is disabled: this module must not be registered system-wide.
(cd "$src" && ./configure --enable-gost --disable-p11-kit --disable-dependency-tracking --prefix="$prefix" >"$log" 2>&1) ||
  fail "configure failed: see $log (a missing GOST engine or libssl-dev is the usual cause)."

step="make"
(cd "$src" && make -j"$(nproc)" >>"$log" 2>&1) || fail "make failed: see $log."

# Installed into a staging tree, then moved into place, so an interrupted build never leaves
# a half-installed module that looks usable.
step="make install"
rm -rf "$prefix" "$work/stage"
(cd "$src" && make install DESTDIR="$work/stage" >>"$log" 2>&1) || fail "make install failed: see $log."
mv "$work/stage$prefix" "$prefix"
printf 'SoftHSM2 2.6.1 from %s, configure --enable-gost --disable-p11-kit, built %s\n' "$(basename "$orig")" "$(date -u +%FT%TZ)" >"$prefix/BUILD-INFO"

step="checking the built module's mechanisms"
gost_module_ok || fail "the built module does not list the GOST mechanisms: see $log."
rm -rf "$work" "$log"
if [ -n "$owner" ]; then chown -R "$owner": "$cache"; fi
