#!/usr/bin/env bash
# Installs the toolchain `npm run build` compiles the WebAssembly engine
# (src/cc/) with: clang and wasm-ld, from Debian's clang-14 and lld-14 with
# apt-get when they are missing and this runs as root; otherwise it prints
# the command to run. Does nothing when they are there.
set -euo pipefail

log() { printf 'setup:wasm: %s\n' "$*" >&2; }

if command -v clang-14 >/dev/null && command -v wasm-ld-14 >/dev/null; then
  log "$(clang-14 --version | head -n 1), wasm-ld-14"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing Debian's clang-14 and lld-14 with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 lld-14 >/dev/null
  log "$(clang-14 --version | head -n 1)"
else
  log "clang-14 and lld-14 are missing. Install them (Debian/Ubuntu:"
  log "  sudo apt-get install clang-14 lld-14), or set CLANG to a clang with"
  log "  the wasm32 target and wasm-ld."
  exit 1
fi
