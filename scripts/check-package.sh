#!/usr/bin/env bash
# Checks the package the way a user meets it: packs it, installs the tarball
# next to @tensorflow/tfjs in an empty project, and runs it through require,
# import, both at once (no double-registration warning), the UMD bundle, and
# the layers and converter subpaths; then on the wasm backend through import,
# require and the UMD bundle, each of which must carry the WebAssembly
# engine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
tfjs_version=$(node -p "require('@tensorflow/tfjs/package.json').version")
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "./$tarball" "@tensorflow/tfjs@$tfjs_version" \
  "@tensorflow/tfjs-backend-wasm@$tfjs_version"

cat > require.cjs <<'JS'
const tf = require('@tensorflow/tfjs');
const {matrixInverse} = require('tfjs-matrix-inverse');
tf.setBackend('cpu').then(() => {
  const x = tf.tensor2d([[4, 7], [2, 6]]);
  console.log('require:', JSON.stringify(matrixInverse(x).arraySync()));
  console.log('require grad:', JSON.stringify(tf.grad(x => tf.sum(matrixInverse(x)))(x).arraySync()));
});
JS
cat > import.mjs <<'JS'
import * as tf from '@tensorflow/tfjs';
import {matrixInverseEx} from 'tfjs-matrix-inverse';
await tf.setBackend('cpu');
const {inverse, info} = matrixInverseEx([[[4, 7], [2, 6]], [[1, 2], [2, 4]]]);
console.log('import:', JSON.stringify(inverse.arraySync()), 'info', JSON.stringify(info.arraySync()));
JS
cat > both.mjs <<'JS'
import {createRequire} from 'node:module';
import * as tf from '@tensorflow/tfjs';
import {matrixInverse} from 'tfjs-matrix-inverse';
const cjs = createRequire(import.meta.url)('tfjs-matrix-inverse');
await tf.setBackend('cpu');
console.log('import + require:', JSON.stringify(cjs.matrixInverse([[2]]).arraySync()), JSON.stringify(matrixInverse([[4]]).arraySync()));
JS
cat > umd.cjs <<'JS'
// As a <script> tag would: the global tf first, then the UMD file.
globalThis.tf = require('@tensorflow/tfjs');
const code = require('fs').readFileSync('node_modules/tfjs-matrix-inverse/dist/tfjs-matrix-inverse.min.js', 'utf8');
new Function('exports', 'module', 'define', code).call(globalThis);
tf.setBackend('cpu').then(() => console.log('umd:', JSON.stringify(tfMatrixInverse.matrixInverse([[4, 7], [2, 6]]).arraySync())));
JS

cat > subpaths.mjs <<'JS'
import * as tf from '@tensorflow/tfjs';
import {RidgeSolve} from 'tfjs-matrix-inverse/layers';
import {registerMatrixInverseOp} from 'tfjs-matrix-inverse/converter';
const {RidgeSolve: RidgeSolveFromRequire} = (await import('node:module')).createRequire(import.meta.url)('tfjs-matrix-inverse/layers');
await tf.setBackend('cpu');
const w = new RidgeSolve({initialLambda: 1}).apply([tf.ones([1, 3, 2]), tf.ones([1, 3])]);
console.log('subpaths:', JSON.stringify(w.arraySync()), typeof registerMatrixInverseOp, RidgeSolveFromRequire.className);
JS

# The wasm backend: the first calls run before the engine is ready, the last
# after it (6 x 6 and larger go to the engine).
cat > wasm.mjs <<'JS'
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {det, matrixInverse} from 'tfjs-matrix-inverse';
await tf.setBackend('wasm');
const first = det(tf.mul(tf.eye(6), 2)).dataSync()[0];
await new Promise(resolve => setTimeout(resolve, 500));
console.log('wasm import:', JSON.stringify(matrixInverse([[4, 7], [2, 6]]).arraySync()), first, det(tf.mul(tf.eye(6), 2)).dataSync()[0]);
JS
cat > wasm.cjs <<'JS'
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const {det, matrixInverse} = require('tfjs-matrix-inverse');
tf.setBackend('wasm').then(async () => {
  const first = det(tf.mul(tf.eye(6), 2)).dataSync()[0];
  await new Promise(resolve => setTimeout(resolve, 500));
  console.log('wasm require:', JSON.stringify(matrixInverse([[4, 7], [2, 6]]).arraySync()), first, det(tf.mul(tf.eye(6), 2)).dataSync()[0]);
});
JS
cat > wasm-umd.cjs <<'JS'
globalThis.tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const code = require('fs').readFileSync('node_modules/tfjs-matrix-inverse/dist/tfjs-matrix-inverse.min.js', 'utf8');
new Function('exports', 'module', 'define', code).call(globalThis);
tf.setBackend('wasm').then(async () => {
  const first = tfMatrixInverse.det(tf.mul(tf.eye(6), 2)).dataSync()[0];
  await new Promise(resolve => setTimeout(resolve, 500));
  console.log('wasm umd:', JSON.stringify(tfMatrixInverse.matrixInverse([[4, 7], [2, 6]]).arraySync()), first, tfMatrixInverse.det(tf.mul(tf.eye(6), 2)).dataSync()[0]);
});
JS

# Importing the package where no backend is loaded must print nothing.
silent=$(node -e "require('@tensorflow/tfjs-core'); require('tfjs-matrix-inverse')" 2>&1)
silent+=$(node --input-type=module -e "await import('@tensorflow/tfjs-core'); await import('tfjs-matrix-inverse')" 2>&1)
if [ -n "$silent" ]; then
  echo "check-package: importing without a backend printed: $silent" >&2
  exit 1
fi

expected='[[0.6000000238418579,-0.699999988079071],[-0.20000000298023224,0.4000000059604645]]'  # float32 of [[0.6,-0.7],[-0.2,0.4]]
for script in require.cjs import.mjs both.mjs umd.cjs subpaths.mjs wasm.mjs wasm.cjs wasm-umd.cjs; do
  out=$(node "$script" 2>&1 | grep -v -e '^$' -e '=====' -e 'Hi, looks like' -e 'tfjs-node' -e 'speed things up' || true)
  echo "$out"
  if echo "$out" | grep -qi 'error\|warn\|already registered'; then
    echo "check-package: $script printed an error or warning" >&2
    exit 1
  fi
done
node require.cjs 2>/dev/null | grep -qF "$expected"
node import.mjs | grep -q 'info \[0,2\]'
node umd.cjs | grep -qF "$expected"
node subpaths.mjs | grep -q 'function RidgeSolve'
for script in wasm.mjs wasm.cjs wasm-umd.cjs; do
  node "$script" 2>/dev/null | grep -qF "$expected 64 64"
done
# Every build carries both engine modules (base64 of '\0asm'), no second fetch.
for build in index.mjs index.cjs tfjs-matrix-inverse.min.js; do
  count=$(grep -o 'AGFzbQ' "node_modules/tfjs-matrix-inverse/dist/$build" | wc -l)
  if [ "$count" -ne 2 ]; then
    echo "check-package: dist/$build carries $count engine modules, not 2" >&2
    exit 1
  fi
done
echo "check-package: the packed tarball works with require, import, the UMD bundle and the subpaths, on cpu and wasm"
