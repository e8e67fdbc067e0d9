/** The machine and the tfjs backends the benchmark runs on. */
// Registers the wasm backend.
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {WasmBackendLike} from '../src/kernels/backend_types';
import {engineReadyIn} from '../src/kernels/wasm/engine';
import {ownMemoryEngineReady} from '../src/kernels/wasm/own_memory_engine';
import {heapMemory} from '../src/kernels/wasm/wasm_heap';

export type TensorFlowStatus = {
  available: true,
  tfjsNode: string,
  libtensorflow: string
}|{available: false, reason: string};

/**
 * Loads tfjs-node's `tensorflow` backend if it is installed (it is an
 * optional peer dependency). Loading it makes `tensorflow` the default
 * backend, so the cpu backend is made current again right away; every
 * contender sets its own backend anyway.
 */
export async function loadTensorFlowBackend(): Promise<TensorFlowStatus> {
  // Keep TensorFlow's C++ start-up logging out of the report.
  process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';
  try {
    require('@tensorflow/tfjs-node');
  } catch (e) {
    return {available: false, reason: firstLine(e)};
  }
  try {
    if (!(await tf.setBackend('tensorflow'))) {
      return {available: false, reason: 'setBackend(\'tensorflow\') failed'};
    }
    const binding =
        (tf.backend() as unknown as {binding: {TF_Version: string}}).binding;
    const tfjsNode =
        require('@tensorflow/tfjs-node/package.json').version as string;
    return {available: true, tfjsNode, libtensorflow: binding.TF_Version};
  } catch (e) {
    return {available: false, reason: firstLine(e)};
  } finally {
    await tf.setBackend('cpu');
  }
}

/** What tfjs's wasm binary uses here. */
export interface WasmStatus {
  simd: boolean;
  threads: boolean;
}

/**
 * Initializes the wasm backend and waits for the package's WebAssembly
 * engine in both its places: tfjs's heap (the wasm kernels) and a memory of
 * its own (the shared routines the cpu backend runs). Throws where either
 * cannot run: the benchmark is to measure the engine, not the JavaScript
 * routines the kernels fall back to. Leaves the cpu backend current.
 */
export async function readyWasmEngines(): Promise<WasmStatus> {
  if (!(await tf.setBackend('wasm'))) {
    throw new Error('the wasm backend failed to initialize');
  }
  const heap = heapMemory(tf.backend() as unknown as WasmBackendLike)!;
  const inHeap = await engineReadyIn(heap);
  await tf.setBackend('cpu');
  if (inHeap == null) {
    throw new Error(
        'the WebAssembly engine cannot run in the wasm backend\'s heap');
  }
  if (!(await ownMemoryEngineReady())) {
    throw new Error('the WebAssembly engine cannot run in a memory of its own');
  }
  return {
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as boolean,
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as boolean,
  };
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0];
}

/** The header lines: what ran, where, and that it all ran together. */
export function describeEnvironment(
    tensorflow: TensorFlowStatus, wasm: WasmStatus): string[] {
  const cpus = os.cpus();
  const memoryGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  const versions = tf.version as Record<string, string>;
  const mlMatrixVersion = packageVersion('ml-matrix');
  const yesNo = (flag: boolean) => flag ? 'yes' : 'no';
  const cpuAndWasm =
      `cpu (tfjs-backend-cpu ${versions['tfjs-backend-cpu']}), wasm ` +
      `(tfjs-backend-wasm ${
          packageVersion('@tensorflow/tfjs-backend-wasm')}, SIMD ${
          yesNo(wasm.simd)}, threads ${yesNo(wasm.threads)})`;
  const backends = tensorflow.available ?
      `${cpuAndWasm} and tensorflow (tfjs-node ${tensorflow.tfjsNode}, ` +
          `libtensorflow ${tensorflow.libtensorflow})` :
      cpuAndWasm;
  return [
    `Backends: ${backends}; ml-matrix ${mlMatrixVersion} runs in plain ` +
        `JavaScript. The package's WebAssembly SIMD engine (src/cc/) was ` +
        `ready before the first measurement, in tfjs's wasm heap and in the ` +
        `memory of its own that the cpu backend's routines use.`,
    `Machine: ${cpus[0].model}, ${cpus.length} cores, ${memoryGiB} GiB ` +
        `RAM, Node ${process.version} (${os.platform()} ${os.arch()}), ` +
        `tfjs ${versions['tfjs-core']}.`,
    'All contenders and baselines were measured in this same run, on the ' +
        'same seeded float32 matrices (diagonally dominant).',
  ];
}

/**
 * A package's version from its package.json, found next to its main file
 * (ml-matrix's "exports" does not expose ./package.json).
 */
function packageVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
      .version;
}

/** The 1-minute load average: above ~1, other work shares the cores. */
export function loadAverage(): string {
  return os.loadavg()[0].toFixed(2);
}
