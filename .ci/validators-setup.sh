#!/usr/bin/env bash
# validators-setup.sh - install, idempotently, the third-party validators that
# the conformance tests (internal/conformance) run on the generated site.
#
#   bash .ci/validators-setup.sh .validators
#
# Installs:
#   Debian: chromium (axe-core, keyboard test, Lighthouse), libxml2-utils
#           (xmllint: sitemap XSD, well-formedness), jing (Atom RELAX NG),
#           trang, and openjdk-17-jre-headless when there is no Java >= 17
#           (Nu Html Checker).
#   npm, into DIR/node_modules: vnu-jar, axe-core, linkinator, lighthouse,
#           pinned to versions that run on Node 20.
# The schemas (RFC 4287 atom.rnc, sitemaps.org XSD) are vendored in
# internal/conformance/testdata/schemas/, so nothing else is fetched.
#
# Environment:
#   SKIP_APT=1   do not touch Debian packages (they must already be there)
#
# Adapted from shared/tools/validators-setup.sh (which also installs
# playwright and pagefind and has a shell "check" mode); the checks
# themselves live in Go: go test ./internal/conformance/
set -euo pipefail

# Newer lighthouse (13.x) and linkinator (8.x) need Node >= 22; on Node 20
# npm would silently fall back, so pin what is known to work.
NPM_DEPS='"vnu-jar": "26.9.27",
    "axe-core": "4.13.0",
    "linkinator": "7.6.1",
    "lighthouse": "12.8.2"'
APT_PKGS="chromium libxml2-utils jing trang"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'validators-setup: %s\n' "$*" >&2; exit 2; }
retry() { # retry N CMD...: apt when another process holds its locks, npm on a flaky network
  local n=$1 i; shift
  for ((i = 1; i <= n; i++)); do
    "$@" && return 0
    log "attempt $i/$n failed: $*; waiting 15 s"
    sleep 15
  done
  return 1
}
sha256() { sha256sum "$1" | cut -d' ' -f1; }

[ $# -ge 1 ] || die "usage: $0 DIR"
mkdir -p "$1"
DIR=$(cd "$1" && pwd)

java_major() {
  command -v java >/dev/null || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

install_apt() {
  [ "${SKIP_APT:-0}" = 1 ] && { log "SKIP_APT=1: not installing Debian packages"; return; }
  local missing=() p sudo=()
  for p in $APT_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "$(java_major)" -ge 17 ] 2>/dev/null || missing+=(openjdk-17-jre-headless)
  [ ${#missing[@]} -eq 0 ] && { log "Debian packages present: $APT_PKGS, java $(java_major)"; return; }
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "apt-get install ${missing[*]}"
  # DPkg::Lock::Timeout waits for a concurrent apt/dpkg; retry covers the lists lock.
  retry 8 "${sudo[@]}" apt-get -q -o DPkg::Lock::Timeout=600 update
  retry 8 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 \
    -o DPkg::Lock::Timeout=600 install --no-install-recommends "${missing[@]}"
}

install_npm() {
  command -v npm >/dev/null || die "npm not found (Node >= 20 needed)"
  cat >"$DIR/package.json.new" <<EOF
{
  "private": true,
  "description": "third-party site validators for internal/conformance, installed by .ci/validators-setup.sh",
  "dependencies": {
    $NPM_DEPS
  }
}
EOF
  mv "$DIR/package.json.new" "$DIR/package.json"
  local want; want=$(sha256 "$DIR/package.json")
  if [ "$(cat "$DIR/node_modules/.validators-stamp" 2>/dev/null)" = "$want" ]; then
    log "npm packages present"
    return
  fi
  log "npm install (about 15 s on a cold cache)"
  # npm 11 runs no install scripts here; vnu-jar's postinstall would only
  # download a Java we do not need.
  (cd "$DIR" && retry 3 npm install --no-audit --no-fund --loglevel=error)
  echo "$want" >"$DIR/node_modules/.validators-stamp"
}

verify() {
  local bad=0 f
  for f in "$DIR/node_modules/vnu-jar/build/dist/vnu.jar" "$DIR/node_modules/axe-core/axe.min.js" \
    "$DIR/node_modules/.bin/linkinator" "$DIR/node_modules/.bin/lighthouse"; do
    [ -e "$f" ] || { log "missing after install: $f"; bad=1; }
  done
  for f in chromium java jing xmllint; do
    command -v "$f" >/dev/null || { log "missing after install: $f"; bad=1; }
  done
  [ "$bad" -eq 0 ] || die "installation incomplete"
}

t0=$SECONDS
install_apt
install_npm
verify
log "validators ready in $DIR ($((SECONDS - t0)) s); run: go test ./internal/conformance/"
