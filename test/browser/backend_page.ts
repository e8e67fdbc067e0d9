/**
 * The page side of the browser suites (webgl, webgpu and wasm): the shared
 * cases, bundled with the package and tfjs, run one at a time at the test's
 * request on the backend the test starts.
 */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';

import {det, matrixInverse, matrixInverseEx, slogdet, solve, solveEx} from '../../src';
import {WasmBackendLike} from '../../src/kernels/backend_types';
import {engineIn, engineReadyIn} from '../../src/kernels/wasm/engine';
import {heapMemory} from '../../src/kernels/wasm/wasm_heap';
import {agreementWithCpu} from '../../tools/agreement';
import {fewShotOutcome, reloadInMemory, trainFewShotModel} from '../../tools/few_shot';
import {matMul, roundToFloat32} from '../../tools/matrix';
import {seededRandom, wellConditioned} from '../../tools/random';
import {relativeError} from '../../tools/reference';
import {WASM_BINARIES_PATH} from '../../tools/wasm_binaries';
import {dispatchesPerCall} from '../../tools/webgpu_dispatches';
import {casesByGroup, TestCase} from '../cases';
import {checkSingularContract} from '../singular_property';

// tfjs-backend-wasm fetches its binary from the page's own server.
setWasmPaths(WASM_BINARIES_PATH);

export type PageConfig = {
  backend: 'webgl',
  webglVersion: 1|2,
  pack: boolean,
}|{backend: 'webgpu'}|{backend: 'wasm'};

export interface CaseResult {
  ok: boolean;
  message?: string;
}

export type OpName = 'matrixInverse'|'solve'|'det'|'slogdet';

/** Starts the backend of `config`; says what started. */
async function init(config: PageConfig) {
  if (config.backend === 'webgl') {
    tf.env().set('WEBGL_VERSION', config.webglVersion);
    tf.env().set('WEBGL_PACK', config.pack);
  }
  if (!(await tf.setBackend(config.backend))) {
    throw new Error(`tf.setBackend('${config.backend}') failed`);
  }
  if (config.backend === 'webgpu') {
    return {backend: tf.getBackend()};
  }
  if (config.backend === 'wasm') {
    return {
      backend: tf.getBackend(),
      engineReady: await engineReadyIn(wasmHeap()) != null,
      threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      crossOriginIsolated: self.crossOriginIsolated,
      sharedHeap: typeof SharedArrayBuffer === 'function' &&
          wasmHeap().buffer instanceof SharedArrayBuffer,
    };
  }
  return {
    backend: tf.getBackend(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderFloat32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
  };
}

async function runCase({group, name}: Pick<TestCase, 'group'|'name'>):
    Promise<CaseResult> {
  const testCase = casesByGroup.get(group)?.get(name);
  if (testCase == null) {
    return {ok: false, message: `no case '${group} › ${name}'`};
  }
  return resultOf(() => testCase.run());
}

/** The number of cases in the table: the page bundles the same table. */
function caseCount(): number {
  let count = 0;
  for (const named of casesByGroup.values()) {
    count += named.size;
  }
  return count;
}

/** `count` seeded well-conditioned n x n matrices, one after another. */
function wellConditionedBatch(n: number, count: number): Float32Array {
  const random = seededRandom(n + count);
  const values = new Float32Array(count * n * n);
  for (let b = 0; b < count; b++) {
    values.set(wellConditioned(n, random), b * n * n);
  }
  return values;
}

/**
 * The relative error of tfjs's own matMul on the current backend against a
 * float64 product: tells a broken page or backend from a broken kernel.
 */
async function matMulError(): Promise<number> {
  const n = 24;
  const random = seededRandom(n);
  const [a, b] = [0, 1].map(() => roundToFloat32(wellConditioned(n, random)));
  const product = tf.tidy(
      () => tf.matMul(
          tf.tensor2d(Float32Array.from(a), [n, n]),
          tf.tensor2d(Float32Array.from(b), [n, n])));
  const values = await product.data();
  tf.dispose(product);
  return relativeError(values, matMul(a, b, n));
}

/** One call of `op` on `x` (with `rhs` for solve), its outputs as a list. */
function callOf(op: OpName, x: tf.Tensor, rhs: tf.Tensor): () => tf.Tensor[] {
  switch (op) {
    case 'matrixInverse':
      return () => [matrixInverse(x)];
    case 'solve':
      return () => [solve(x, rhs)];
    case 'det':
      return () => [det(x)];
    case 'slogdet':
      return () => Object.values(slogdet(x));
  }
}

/** Compute dispatches of one call of `op` on `batch` matrices n x n. */
async function dispatches(
    op: OpName, n: number, batch: number): Promise<number> {
  const x = tf.tensor3d(wellConditionedBatch(n, batch), [batch, n, n]);
  const rhs = tf.ones([batch, n, 1]);
  try {
    return await dispatchesPerCall(callOf(op, x, rhs));
  } finally {
    tf.dispose([x, rhs]);
  }
}

/** The error the op gives where float32 render targets are missing. */
async function errorWithoutFloat32RenderTargets(): Promise<string> {
  tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
  try {
    const x = tf.tensor2d([[4, 7], [2, 6]]);
    const y = matrixInverse(tf.add(x, 0));
    await y.data();
    return 'no error';
  } catch (e) {
    return (e as Error).message;
  } finally {
    tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', true);
  }
}

/**
 * Trains the RidgeSolve few-shot model on this backend, then saves and
 * reloads it in memory.
 */
async function trainAndReloadFewShotModel() {
  const run = await trainFewShotModel();
  const {reloaded} = await reloadInMemory(run.model);
  const outcome = await fewShotOutcome(run, reloaded);
  tf.dispose(run.heldOut);
  run.model.dispose();
  reloaded.dispose();
  return outcome;
}

/**
 * The fixture's contract; GPUs may flush subnormals (see the README), wasm
 * keeps them as the cpu backend does. On webgpu, tfjs hands inputs under
 * 1,000 values that are still on the CPU to the cpu routine
 * (`WEBGPU_CPU_FORWARD`), which keeps subnormals: the check turns that off,
 * so every batch of the fixture meets the GPU programs.
 */
async function singularContract(label: string): Promise<CaseResult> {
  const flushesSubnormals = tf.getBackend() !== 'wasm';
  const check = () =>
      resultOf(() => checkSingularContract(label, {flushesSubnormals}));
  if (tf.getBackend() !== 'webgpu') {
    return check();
  }
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  try {
    return await check();
  } finally {
    tf.env().set('WEBGPU_CPU_FORWARD', true);
  }
}

/** The wasm backend's heap, where the package's engine works. */
function wasmHeap(): WebAssembly.Memory {
  return heapMemory(tf.backend() as unknown as WasmBackendLike)!;
}

/**
 * Every output of each op on seeded 16 x 16 matrices, on the current backend.
 */
function outputsOfEveryOp(): Record<string, number[]> {
  const n = 16;
  const batch = 3;
  return tf.tidy(() => {
    const x = tf.tensor3d(wellConditionedBatch(n, batch), [batch, n, n]);
    const rhs = tf.tensor3d(
        Float32Array.from({length: batch * n * 2}, seededRandom(n)),
        [batch, n, 2]);
    const {inverse, info, rcond} = matrixInverseEx(x);
    const solved = solveEx(x, rhs, {adjoint: true});
    const {sign, logAbsDet} = slogdet(x);
    const outputs = {
      inverse,
      info,
      rcond,
      solution: solved.solution,
      solveInfo: solved.info,
      det: det(x),
      sign,
      logAbsDet
    };
    const values: Record<string, number[]> = {};
    for (const [name, output] of Object.entries(outputs)) {
      values[name] = Array.from(output.dataSync());
    }
    return values;
  });
}

/** The elements of `actual` whose bits differ from `expected`'s, per output. */
function differingElements(
    actual: Record<string, number[]>,
    expected: Record<string, number[]>): Record<string, number> {
  const differing: Record<string, number> = {};
  for (const [name, values] of Object.entries(expected)) {
    differing[name] =
        values.filter((v, k) => !Object.is(actual[name][k], v)).length;
  }
  return differing;
}

/**
 * For a page that has not started a backend yet: the first calls on wasm,
 * before the package's engine is ready (they run the JavaScript routine),
 * and the same calls once it is, each against the cpu backend's outputs in
 * this page. Both routines are the cpu kernels' to the bit.
 */
async function firstWasmCallsAgainstCpu() {
  await tf.setBackend('cpu');
  const cpu = outputsOfEveryOp();
  if (!(await tf.setBackend('wasm'))) {
    throw new Error('tf.setBackend(\'wasm\') failed');
  }
  const engineAtFirstCall = engineIn(wasmHeap()) != null;
  const first = outputsOfEveryOp();
  const engineReady = await engineReadyIn(wasmHeap()) != null;
  return {
    engineAtFirstCall,
    engineReady,
    firstCallsDiffering: differingElements(first, cpu),
    engineDiffering: differingElements(outputsOfEveryOp(), cpu),
  };
}

/** What `check` returned, or the message it threw. */
async function resultOf(check: () => Promise<string|void>):
    Promise<CaseResult> {
  try {
    const message = await check();
    return {ok: true, message: message ?? undefined};
  } catch (e) {
    return {ok: false, message: (e as Error).message};
  }
}

const api = {
  init,
  runCase,
  caseCount,
  matMulError,
  dispatches,
  singularContract,
  agreementWithCpu,
  errorWithoutFloat32RenderTargets,
  trainAndReloadFewShotModel,
  firstWasmCallsAgainstCpu,
};
export type BrowserPageApi = typeof api;
(window as unknown as {browserSuite: BrowserPageApi}).browserSuite = api;
