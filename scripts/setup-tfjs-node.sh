#!/usr/bin/env bash
# Offline, idempotent installer for @tensorflow/tfjs-node (the "tensorflow"
# backend) used by the tfjs-node kernel tests and benchmarks.
#
# Usage (from the repo root):  npm run setup:tfjs-node
#                          or: bash scripts/setup-tfjs-node.sh
#
# Why: `npm install @tensorflow/tfjs-node` runs scripts/install.js, which
# downloads libtensorflow from a CDN (unreachable here). Instead we
#   1. fetch the tfjs-node tarball and its runtime deps from the npm registry
#      (no install scripts, nothing written to package.json/package-lock.json),
#   2. take libtensorflow from the tensorflow-cpu wheel served by the local pip
#      index (libtensorflow_cc.so.2 + libtensorflow_framework.so.2 export the
#      whole C / eager C API the addon uses) plus the few C-API headers,
#   3. compile the addon (binding/*.cc) with the repo's node-gyp,
#   4. verify the backend, then move the finished package into
#      node_modules/@tensorflow/tfjs-node in one rename.
#
# Tree hygiene: the package is NOT installed with `npm install --no-save`,
# because npm then prunes every extraneous package in node_modules (anything
# else installed with --no-save). tfjs-node's own dependencies
# (@mapbox/node-pre-gyp, google-protobuf, rimraf, ...) are installed in a
# staging project under .cache/ and copied into
# node_modules/@tensorflow/tfjs-node/node_modules, so the only change to the
# repo's node_modules is the new @tensorflow/tfjs-node directory. Its
# @tensorflow/tfjs and @tensorflow/tfjs-core imports resolve to the repo's
# single top-level copies (checked below).
#
# Caveat: tfjs-node is not in package.json, so any later `npm install` /
# `npm ci` removes it again; just re-run this script (about 15 s with a warm
# .cache/tfjs-node).
#
# Environment knobs (all optional):
#   TFJS_NODE_FORCE=1         rebuild even if tfjs-node already works
#   TFJS_NODE_PIP_ARGS="..."  replace the pip index arguments entirely
#                             (default: the index-url/extra-index-url/find-links
#                             of `pip config list`, the first index replacing
#                             the unreachable public one; if none are configured,
#                             the dirs in TFJS_NODE_PIP_LOCAL_INDEXES, default
#                             "/opt/pypi/simple /opt/pypi-more/simple")
#   npm_config_nodedir=DIR    Node headers for node-gyp (default: /usr if
#                             /usr/include/node/node_api.h exists)
set -euo pipefail

TFJS_NODE_VERSION=4.22.0
TF_WHEEL_PKG=tensorflow-cpu
TF_WHEEL_VERSION=2.21.0
TF_WHEEL_PYTHON=3.11 # the wheel is cp311; the .so files do not depend on it
# Headers the addon needs (closure of tensorflow/c/c_api.h + eager/c_api.h,
# found with the compiler's -MD output); ~6 MB instead of ~270 MB of include/.
TF_HEADER_DIRS=(tensorflow/c tensorflow/core/platform tsl xla/tsl)
TF_LIBS=(libtensorflow_cc.so.2 libtensorflow_framework.so.2)

log() { printf 'setup:tfjs-node: %s\n' "$*" >&2; }
die() {
  printf 'setup:tfjs-node: ERROR: %s\n' "$*" >&2
  exit 1
}
# Run a command with output to a log file; on failure show the log tail.
run_logged() {
  local logfile=$1
  shift
  if ! "$@" >"$logfile" 2>&1; then
    printf 'setup:tfjs-node: command failed: %s\n' "$*" >&2
    printf 'setup:tfjs-node: ---- last lines of %s ----\n' "$logfile" >&2
    tail -n 40 "$logfile" >&2 || true
    exit 1
  fi
}

START_SECONDS=$SECONDS
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[[ -f package.json && -d node_modules ]] ||
  die "run from the repo root after 'npm ci' (no node_modules in $ROOT)"
command -v node >/dev/null || die "node not found"
command -v npm >/dev/null || die "npm not found"

NM="$ROOT/node_modules"
PKG_DIR="$NM/@tensorflow/tfjs-node"
CACHE="$ROOT/.cache/tfjs-node"
LOGS="$CACHE/logs"

# Keep TensorFlow's C++ logging quiet in the node snippets below.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"

# ---------------------------------------------------------------------------
# Check snippet: loads tfjs-node from the repo root, checks the backend, that
# tfjs-node shares the repo's single tfjs-core, a matMul and the native
# MatrixInverse op. Argument: module to require (default '@tensorflow/tfjs-node').
CHECK_JS=$(
  cat <<'EOF'
const path = require('path');
const target = process.argv[1] || '@tensorflow/tfjs-node';
const want = process.env.TFJS_NODE_VERSION;
const fail = (m) => { console.error('CHECK FAILED: ' + m); process.exit(1); };
(async () => {
  const tf = require(target);
  const core = require('@tensorflow/tfjs-core');
  const pkgDir = path.dirname(require.resolve(path.join(target, 'package.json')));
  const pkg = require(path.join(pkgDir, 'package.json'));
  if (want && pkg.version !== want) fail(`tfjs-node version ${pkg.version}, want ${want}`);
  const coreFromNode = require.resolve('@tensorflow/tfjs-core', {paths: [pkgDir]});
  if (coreFromNode !== require.resolve('@tensorflow/tfjs-core'))
    fail(`tfjs-node resolves a second tfjs-core: ${coreFromNode}`);
  if (tf.Tensor !== core.Tensor) fail('tfjs-node and the repo use different Tensor classes');
  await tf.ready();
  if (tf.getBackend() !== 'tensorflow') fail(`backend is '${tf.getBackend()}', want 'tensorflow'`);
  const mm = Array.from(tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])).dataSync());
  if (mm.join() !== '19,22,43,50') fail('matMul gave ' + mm);
  const backend = tf.backend();
  const {createTensorsTypeOpAttr} = require(path.join(pkgDir, 'dist/nodejs_kernel_backend'));
  const x = tf.tensor2d([[4, 7], [2, 6]]);
  const inv = Array.from(backend.executeSingleOutput('MatrixInverse', [
    createTensorsTypeOpAttr('T', x.dtype),
    {name: 'adjoint', type: backend.binding.TF_ATTR_BOOL, value: false},
  ], [x]).dataSync());
  const expect = [0.6, -0.7, -0.2, 0.4];
  if (inv.some((v, i) => Math.abs(v - expect[i]) > 1e-5)) fail('MatrixInverse gave ' + inv);
  console.log(`@tensorflow/tfjs-node ${pkg.version}, backend '${tf.getBackend()}', ` +
    `libtensorflow ${backend.binding.TF_Version}, addon ${path.relative(process.cwd(), pkgDir)}`);
})().catch((e) => fail(e && e.stack || e));
EOF
)
export TFJS_NODE_VERSION
# check [module] -> 0/1; prints the summary line to stdout, errors to $LOGS/check.log
check_tfjs_node() {
  local out
  mkdir -p "$LOGS"
  if out=$(cd "$ROOT" && node -e "$CHECK_JS" "$@" 2>"$LOGS/check.log"); then
    CHECK_SUMMARY=$out
    return 0
  fi
  return 1
}

if [[ "${TFJS_NODE_FORCE:-0}" != 1 && -d "$PKG_DIR" ]] && check_tfjs_node; then
  log "already installed and working: $CHECK_SUMMARY"
  exit 0
fi

mkdir -p "$CACHE" "$LOGS"

# Serialise concurrent runs (two shells, or two CI steps).
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  if ! flock -n 9; then
    log "another setup:tfjs-node run holds $CACHE/.lock, waiting..."
    flock 9
    if [[ "${TFJS_NODE_FORCE:-0}" != 1 && -d "$PKG_DIR" ]] && check_tfjs_node; then
      log "installed by the concurrent run: $CHECK_SUMMARY"
      exit 0
    fi
  fi
fi

if [[ -d "$PKG_DIR" ]]; then
  log "existing node_modules/@tensorflow/tfjs-node does not work; rebuilding it"
  grep -A2 'CHECK FAILED' "$LOGS/check.log" | head -n 3 | sed 's/^/setup:tfjs-node:   | /' >&2 || true
fi

# Preconditions in the repo tree.
TFJS_VER=$(node -p "require('@tensorflow/tfjs/package.json').version" 2>/dev/null) ||
  die "@tensorflow/tfjs is not installed in node_modules (run 'npm ci' first)"
CORE_VER=$(node -p "require('@tensorflow/tfjs-core/package.json').version" 2>/dev/null) ||
  die "@tensorflow/tfjs-core is not installed in node_modules (run 'npm ci' first)"
[[ "$TFJS_VER" == "$TFJS_NODE_VERSION" && "$CORE_VER" == "$TFJS_NODE_VERSION" ]] ||
  die "tfjs-node $TFJS_NODE_VERSION needs @tensorflow/tfjs and tfjs-core $TFJS_NODE_VERSION, found tfjs $TFJS_VER / tfjs-core $CORE_VER"
NODE_GYP="$NM/.bin/node-gyp"
[[ -x "$NODE_GYP" ]] || die "node_modules/.bin/node-gyp missing (it is a devDependency; run 'npm ci')"

# Snapshot of the top-level tree, to prove afterwards that nothing was removed.
snapshot_tree() {
  (cd "$NM" && find . -mindepth 1 -maxdepth 2 \( -name '.*' -prune \) -o -print |
    grep -v -e '^\./@tensorflow/tfjs-node$' -e '^\./@tensorflow/\.tfjs-node' | LC_ALL=C sort)
}
TREE_BEFORE=$(snapshot_tree)

# ---------------------------------------------------------------------------
# 1. libtensorflow from the tensorflow-cpu wheel (cached).
TF_DIR="$CACHE/tensorflow-cpu-$TF_WHEEL_VERSION"
if [[ -f "$TF_DIR/.complete" ]]; then
  log "reusing libtensorflow from .cache/tfjs-node/$(basename "$TF_DIR")"
else
  command -v python3 >/dev/null || die "python3 (with pip) is needed to fetch the $TF_WHEEL_PKG wheel"
  if [[ -n "${TFJS_NODE_PIP_ARGS:-}" ]]; then
    read -r -a PIP_INDEX_ARGS <<<"$TFJS_NODE_PIP_ARGS"
  else
    # Ask only the indexes configured for pip on this machine (local file://
    # mirrors); the public index is unreachable and pip would retry slowly.
    PIP_CFG=$(python3 -m pip config list 2>/dev/null || true)
    cfg_values() { # key suffix -> space separated values
      printf '%s\n' "$PIP_CFG" | sed -n "s/^[^=]*\.$1='\(.*\)'\$/\1/p" | tr '\n' ' '
    }
    read -r -a IDX <<<"$(cfg_values index-url) $(cfg_values extra-index-url)"
    if ((${#IDX[@]} == 0)); then
      # pip config is per user (~/.config/pip/pip.conf here); with another HOME
      # fall back to this machine's local mirrors if they exist.
      for d in ${TFJS_NODE_PIP_LOCAL_INDEXES:-/opt/pypi/simple /opt/pypi-more/simple}; do
        [[ -d "$d" ]] && IDX+=("file://$d")
      done
    fi
    read -r -a FL <<<"$(cfg_values find-links)"
    PIP_INDEX_ARGS=()
    declare -A seen=()
    if ((${#IDX[@]})); then
      # first configured index replaces the default (public) one
      for u in "${IDX[@]}"; do
        [[ -n "${seen[$u]:-}" ]] && continue
        seen[$u]=1
        if ((${#PIP_INDEX_ARGS[@]} == 0)); then PIP_INDEX_ARGS+=(--index-url "$u"); else PIP_INDEX_ARGS+=(--extra-index-url "$u"); fi
      done
    fi
    for f in "${FL[@]}"; do
      [[ -n "${seen[$f]:-}" ]] && continue
      seen[$f]=1
      PIP_INDEX_ARGS+=(--find-links "$f")
    done
  fi
  WHEEL_DIR="$CACHE/wheel"
  rm -rf "$WHEEL_DIR"
  mkdir -p "$WHEEL_DIR"
  log "downloading $TF_WHEEL_PKG==$TF_WHEEL_VERSION wheel with pip (${PIP_INDEX_ARGS[*]:-default index})"
  run_logged "$LOGS/pip.log" python3 -m pip download --no-deps --only-binary=:all: \
    --python-version "$TF_WHEEL_PYTHON" --disable-pip-version-check --no-input --progress-bar off \
    --retries 1 --timeout 30 \
    "${PIP_INDEX_ARGS[@]}" -d "$WHEEL_DIR" "$TF_WHEEL_PKG==$TF_WHEEL_VERSION"
  WHEEL=$(find "$WHEEL_DIR" -maxdepth 1 -name '*.whl' | head -n 1)
  [[ -n "$WHEEL" ]] || die "pip did not produce a wheel (see $LOGS/pip.log)"
  log "unpacking headers and ${TF_LIBS[*]} from $(basename "$WHEEL")"
  rm -rf "$TF_DIR.tmp"
  mkdir -p "$TF_DIR.tmp"
  python3 - "$WHEEL" "$TF_DIR.tmp" "${TF_LIBS[*]}" "${TF_HEADER_DIRS[*]}" <<'EOF'
import os, shutil, sys, zipfile
wheel, dest, libs, header_dirs = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
prefixes = ['tensorflow/include/%s/' % d for d in header_dirs]
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    for lib in libs:
        if 'tensorflow/' + lib not in names:
            sys.exit('wheel has no tensorflow/%s' % lib)
        with z.open('tensorflow/' + lib) as src, open(os.path.join(dest, lib), 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.chmod(os.path.join(dest, lib), 0o755)
    n = 0
    for name in sorted(names):
        if name.endswith('/') or not any(name.startswith(p) for p in prefixes):
            continue
        out = os.path.join(dest, 'include', name[len('tensorflow/include/'):])
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(name) as src, open(out, 'wb') as dst:
            shutil.copyfileobj(src, dst)
        n += 1
    if n == 0:
        sys.exit('wheel has no headers under ' + ', '.join(prefixes))
EOF
  touch "$TF_DIR.tmp/.complete"
  rm -rf "$TF_DIR"
  mv "$TF_DIR.tmp" "$TF_DIR"
  rm -rf "$WHEEL_DIR" # 270 MB; the unpacked files are all we need
fi

# ---------------------------------------------------------------------------
# 2. tfjs-node tarball and its runtime dependencies (cached).
TGZ="$CACHE/tensorflow-tfjs-node-$TFJS_NODE_VERSION.tgz"
if [[ -s "$TGZ" ]]; then
  log "reusing $(basename "$TGZ")"
else
  log "fetching @tensorflow/tfjs-node@$TFJS_NODE_VERSION tarball from the npm registry"
  rm -f "$TGZ"
  run_logged "$LOGS/npm-pack.log" npm pack "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" \
    --ignore-scripts --pack-destination "$CACHE"
  [[ -s "$TGZ" ]] || die "npm pack did not create $TGZ (see $LOGS/npm-pack.log)"
fi

# Staging project = tfjs-node's dependencies minus @tensorflow/* (those must
# come from the repo's own single copies).
STAGE="$CACHE/deps-stage"
STAGE_PKG=$(tar -xzOf "$TGZ" package/package.json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const deps = {...JSON.parse(s).dependencies};
    for (const k of Object.keys(deps)) if (k.startsWith("@tensorflow/")) delete deps[k];
    process.stdout.write(JSON.stringify({name: "tfjs-node-deps-stage", version: "0.0.0",
      private: true, description: "generated by scripts/setup-tfjs-node.sh", dependencies: deps}, null, 2) + "\n");
  });')
if [[ -f "$STAGE/.complete" && -d "$STAGE/node_modules" ]] && [[ "$(cat "$STAGE/package.json")" == "$STAGE_PKG" ]]; then
  log "reusing tfjs-node dependencies from .cache/tfjs-node/deps-stage"
else
  log "installing tfjs-node's dependencies into .cache/tfjs-node/deps-stage (repo tree untouched)"
  rm -rf "$STAGE"
  mkdir -p "$STAGE"
  printf '%s\n' "$STAGE_PKG" >"$STAGE/package.json"
  (cd "$STAGE" && run_logged "$LOGS/npm-deps.log" npm install --ignore-scripts --no-package-lock \
    --no-audit --no-fund --omit=dev --omit=peer --no-save --loglevel=warn)
  touch "$STAGE/.complete"
fi

# ---------------------------------------------------------------------------
# 3. Assemble the package in a temp dir next to its final place (same
#    filesystem for the final rename; module resolution already reaches the
#    repo's node_modules/@tensorflow/tfjs from there).
WORK="$NM/@tensorflow/.tfjs-node.tmp.$$"
cleanup() { rm -rf "$WORK" "$NM/@tensorflow/.tfjs-node.old.$$"; }
trap cleanup EXIT
rm -rf "$WORK"
mkdir -p "$WORK"
tar -xzf "$TGZ" -C "$WORK" --strip-components=1 --no-same-owner
cp -a "$STAGE/node_modules" "$WORK/node_modules"
rm -f "$WORK/node_modules/.package-lock.json"
if [[ -e "$WORK/node_modules/@tensorflow" ]]; then
  die "staged deps contain @tensorflow/* packages; tfjs-node would not share the repo's tfjs-core"
fi

# deps/include: copy (small); deps/lib: hard links to the cache (no extra disk,
# survives deleting .cache), falling back to copies across filesystems; plus the
# link-time names binding.gyp uses (-ltensorflow -ltensorflow_framework).
mkdir -p "$WORK/deps/lib"
cp -a "$TF_DIR/include" "$WORK/deps/include"
for lib in "${TF_LIBS[@]}"; do
  ln "$TF_DIR/$lib" "$WORK/deps/lib/$lib" 2>/dev/null || cp "$TF_DIR/$lib" "$WORK/deps/lib/$lib"
done
ln -s libtensorflow_cc.so.2 "$WORK/deps/lib/libtensorflow.so"
ln -s libtensorflow_framework.so.2 "$WORK/deps/lib/libtensorflow_framework.so"

# Where tfjs-node's dist/index.js looks for the addon: node-pre-gyp's
# binary.find() on its package.json (binary.module_path = ./lib/napi-v{N}, N =
# the highest of binary.napi_versions this Node supports).
ADDON_REL=$(cd "$WORK" && node -e '
  const path = require("path");
  const p = require("@mapbox/node-pre-gyp").find(path.resolve("package.json"));
  process.stdout.write(path.relative(process.cwd(), p));')
[[ "$ADDON_REL" =~ ^lib/napi-v([0-9]+)/tfjs_binding\.node$ ]] ||
  die "unexpected addon location from node-pre-gyp: $ADDON_REL"
NAPI_VERSION=${BASH_REMATCH[1]}

# ---------------------------------------------------------------------------
# 4. Build the addon.
if [[ -z "${npm_config_nodedir:-}" ]]; then
  for d in /usr "$(dirname "$(dirname "$(command -v node)")")"; do
    if [[ -f "$d/include/node/node_api.h" ]]; then
      export npm_config_nodedir=$d
      break
    fi
  done
fi
[[ -n "${npm_config_nodedir:-}" ]] ||
  log "warning: no local Node headers found; node-gyp will try to download them"
log "building tfjs_binding.node (N-API $NAPI_VERSION, nodedir=${npm_config_nodedir:-<download>})"
run_logged "$LOGS/node-gyp.log" "$NODE_GYP" rebuild --directory "$WORK" --jobs max \
  --module_name=tfjs_binding --module_path="$WORK/lib/napi-v$NAPI_VERSION" \
  --napi_build_version="$NAPI_VERSION"
[[ -f "$WORK/$ADDON_REL" ]] || die "node-gyp finished but $ADDON_REL is missing (see $LOGS/node-gyp.log)"
rm -rf "$WORK/build" # objects/Makefiles only; they embed the temp path

log "checking the new build"
check_tfjs_node "$WORK" || {
  grep -v -e 'I0000' -e 'absl::InitializeLog' "$LOGS/check.log" | tail -n 20 >&2
  die "the freshly built tfjs-node does not load (full output: $LOGS/check.log)"
}

# ---------------------------------------------------------------------------
# 5. Swap it into place and verify from the repo root.
if [[ -e "$PKG_DIR" || -L "$PKG_DIR" ]]; then
  mv "$PKG_DIR" "$NM/@tensorflow/.tfjs-node.old.$$"
fi
mv "$WORK" "$PKG_DIR"
rm -rf "$NM/@tensorflow/.tfjs-node.old.$$"

check_tfjs_node || {
  grep -v -e 'I0000' -e 'absl::InitializeLog' "$LOGS/check.log" | tail -n 20 >&2
  die "require('@tensorflow/tfjs-node') fails after install (full output: $LOGS/check.log)"
}
if [[ -d "$PKG_DIR/node_modules/@tensorflow" ]]; then
  die "nested node_modules/@tensorflow/tfjs-node/node_modules/@tensorflow exists (duplicate tfjs)"
fi
# Nothing may have disappeared from the repo's tree (additions are tolerated:
# someone else may be installing packages concurrently).
TREE_AFTER=$(snapshot_tree)
REMOVED=$(LC_ALL=C comm -23 <(printf '%s\n' "$TREE_BEFORE") <(printf '%s\n' "$TREE_AFTER"))
if [[ -n "$REMOVED" ]]; then
  printf '%s\n' "$REMOVED" | sed 's/^/setup:tfjs-node:   removed: /' >&2
  die "entries disappeared from node_modules during the install (see above)"
fi

log "$CHECK_SUMMARY"
log "done in $((SECONDS - START_SECONDS)) s (build log: .cache/tfjs-node/logs/node-gyp.log)"
