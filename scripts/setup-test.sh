#!/usr/bin/env bash
# Installs what the test suites need beyond `npm ci`, and does nothing that is
# already done, so it is safe to run before every `npm test`:
#   - Chromium for the webgl and webgpu suites (Debian's package, never a
#     downloaded browser; it ships SwiftShader's Vulkan, on which headless
#     WebGPU runs): installed with apt-get when missing and run as root,
#     otherwise the command to run is printed;
#   - @tensorflow/tfjs-node for the tensorflow suite, built offline
#     (scripts/setup-tfjs-node.cjs);
#   - clang and wasm-ld (scripts/setup-wasm-toolchain.sh), and the
#     WebAssembly engine the tests import (scripts/build-wasm.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup:test: %s\n' "$*" >&2; }

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  log "chromium: $("$chromium" --version 2>/dev/null || echo "$chromium")"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "chromium: installing Debian's chromium with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  log "chromium: $("$chromium" --version)"
else
  log "chromium: not found at $chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium)"
  log "          or set CHROMIUM_PATH to a Chromium binary. Without one the browser suites are skipped"
  log "          (under CI=true it fails)."
fi

node scripts/setup-tfjs-node.cjs
bash scripts/setup-wasm-toolchain.sh
node scripts/build-wasm.mjs
