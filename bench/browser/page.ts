/**
 * The page side of `npm run bench:browser`: times matrixInverse on the
 * webgpu, webgl, wasm and cpu backends of one page, and counts the shader
 * programs one call runs on webgl and the compute dispatches on webgpu.
 * bench.ts drives it through `window.browserBench`.
 */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';
import {setWasmPaths, version_wasm} from '@tensorflow/tfjs-backend-wasm';
import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {version as webgpuVersion} from '@tensorflow/tfjs-backend-webgpu/dist/version';

import {matrixInverse} from '../../src';
import {WasmBackendLike} from '../../src/kernels/backend_types';
import {engineReadyIn} from '../../src/kernels/wasm/engine';
import {heapMemory} from '../../src/kernels/wasm/wasm_heap';
import {WASM_BINARIES_PATH} from '../../tools/wasm_binaries';
import {dispatchesPerCall} from '../../tools/webgpu_dispatches';
import {makeMatrixBatch} from '../inputs';
import {median} from '../timing';

// tfjs-backend-wasm fetches its binary from the page's own server.
setWasmPaths(WASM_BINARIES_PATH);

export type BackendName = 'webgpu'|'webgl'|'wasm'|'cpu';

export interface BenchCase {
  n: number;
  batch: number;
  /**
   * Calls before the timed ones, the first of them timed alone: shader
   * compilation, texture allocation, JIT.
   */
  warmupCalls: number;
  /** Timed calls; the median is kept. */
  timedCalls: number;
}

export interface BrowserDescription {
  userAgent: string;
  webglRenderer: string;
  /** The WebGPU adapter's vendor and architecture; null without WebGPU. */
  webgpuAdapter: string|null;
  webglVersion: number;
  /** tfjs's wasm binary runs threads and SIMD; the package's engine runs. */
  wasm: {threads: boolean, simd: boolean, engine: boolean};
  tfjsVersions: Record<string, string>;
}

export interface CallTimes {
  /** The first call at this size: shader compilation, allocation, JIT. */
  firstCallMs: number;
  /** The median of the timed calls, after the warm-up calls. */
  warmMsPerCall: number;
}

export interface ProgramCount {
  /** Shader programs one matrixInverse call runs on webgl. */
  programs: number;
  /** The kernels tf.profile lists for the same call. */
  profiledKernels: string[];
}

/** WEBGL_debug_renderer_info's constant, absent from TypeScript's DOM types. */
const UNMASKED_RENDERER_WEBGL = 0x9246;

/** navigator.gpu, absent from TypeScript's DOM types. */
type GpuNavigator = {
  gpu?: {
    requestAdapter():
        Promise<{info?: {vendor: string, architecture: string}}|null>
  }
};

async function useBackend(name: BackendName) {
  if (!(await tf.setBackend(name))) {
    throw new Error(`tf.setBackend('${name}') failed`);
  }
}

function webglBackend(): MathBackendWebGL {
  return tf.backend() as MathBackendWebGL;
}

async function describeBrowser(): Promise<BrowserDescription> {
  await useBackend('webgl');
  const gl = webglBackend().getGPGPUContext().gl;
  const rendererInfo = gl.getExtension('WEBGL_debug_renderer_info') ?
      gl.getParameter(UNMASKED_RENDERER_WEBGL) :
      gl.getParameter(gl.RENDERER);
  return {
    userAgent: navigator.userAgent,
    webglRenderer: String(rendererInfo),
    webgpuAdapter: await describeWebGPUAdapter(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    wasm: await describeWasm(),
    tfjsVersions: {
      ...tf.version as Record<string, string>,
      'tfjs-backend-webgpu': webgpuVersion,
      'tfjs-backend-wasm': version_wasm,
    },
  };
}

/**
 * Starts the wasm backend and waits for the package's engine in its heap,
 * so that the timed calls run it.
 */
async function describeWasm(): Promise<BrowserDescription['wasm']> {
  await useBackend('wasm');
  const heap = heapMemory(tf.backend() as unknown as WasmBackendLike)!;
  return {
    threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    engine: await engineReadyIn(heap) != null,
  };
}

/** The adapter tfjs's webgpu backend would get, or null if none. */
async function describeWebGPUAdapter(): Promise<string|null> {
  const gpu = (navigator as unknown as GpuNavigator).gpu;
  const adapter = await gpu?.requestAdapter();
  if (adapter == null || !(await tf.setBackend('webgpu'))) {
    return null;
  }
  const info = adapter.info;
  return info == null ? 'unknown' :
                        `${info.vendor || '?'} ${info.architecture || '?'}`;
}

/**
 * `npm run bench`'s seeded, diagonally dominant matrices, on the current
 * backend: every backend inverts the same numbers.
 */
function wellConditionedBatch(n: number, batch: number): tf.Tensor3D {
  return tf.tensor3d(makeMatrixBatch(n, batch).values, [batch, n, n]);
}

/** One call as a user would time it: the inverse, then its values read. */
async function invertAndRead(x: tf.Tensor) {
  const inverse = matrixInverse(x);
  await inverse.data();
  inverse.dispose();
}

async function timeOneCall(x: tf.Tensor): Promise<number> {
  const start = performance.now();
  await invertAndRead(x);
  return performance.now() - start;
}

/**
 * The first and the warm milliseconds per call on each of `backends`, on
 * the same matrices. The calls take turns across the backends, round after
 * round, so that a noisy neighbour slows them alike.
 */
async function timeCalls(
    backends: BackendName[], {n, batch, warmupCalls, timedCalls}: BenchCase):
    Promise<Partial<Record<BackendName, CallTimes>>> {
  const inputs = new Map<BackendName, tf.Tensor3D>();
  const callTimes = new Map<BackendName, number[]>();
  try {
    for (const backend of backends) {
      await useBackend(backend);
      inputs.set(backend, wellConditionedBatch(n, batch));
      callTimes.set(backend, []);
    }
    for (let call = 0; call < warmupCalls + timedCalls; call++) {
      for (const backend of backends) {
        await useBackend(backend);
        callTimes.get(backend)!.push(await timeOneCall(inputs.get(backend)!));
      }
    }
  } finally {
    tf.dispose([...inputs.values()]);
  }
  const times: Partial<Record<BackendName, CallTimes>> = {};
  for (const [backend, [firstCallMs, ...later]] of callTimes) {
    const timed = later.slice(warmupCalls - 1);
    times[backend] = {firstCallMs, warmMsPerCall: median(timed)};
  }
  return times;
}

/**
 * Counts the shader programs of one webgl call by wrapping the GPGPU
 * context's executeProgram, which issues the one draw call of each program
 * run. tf.profile cannot give this count: it lists kernels (MatrixInverse
 * once), not the programs a kernel runs, and its per-program timers need a
 * GPU timer extension that SwiftShader lacks. The input is uploaded first and
 * the result is not read, so only the kernel's own programs are counted.
 */
async function countPrograms(n: number, batch: number): Promise<ProgramCount> {
  await useBackend('webgl');
  // tfjs runs kernels on inputs under 128 values, not yet on the GPU, on the
  // CPU instead: a single 4x4 matrix would run no program at all.
  const cpuForward = tf.env().getBool('WEBGL_CPU_FORWARD');
  tf.env().set('WEBGL_CPU_FORWARD', false);
  const x = wellConditionedBatch(n, batch);
  try {
    await invertAndRead(x);  // uploads x and compiles the shaders
    const programs = countDrawCalls(() => tf.dispose(matrixInverse(x)));
    const profile = await tf.profile(() => matrixInverse(x));
    tf.dispose(profile.result as tf.Tensor);
    return {programs, profiledKernels: profile.kernels.map(k => k.name)};
  } finally {
    x.dispose();
    tf.env().set('WEBGL_CPU_FORWARD', cpuForward);
  }
}

/** The compute dispatches of one webgpu call (see webgpu_dispatches.ts). */
async function countDispatches(n: number, batch: number): Promise<number> {
  await useBackend('webgpu');
  const x = wellConditionedBatch(n, batch);
  try {
    return await dispatchesPerCall(() => [matrixInverse(x)]);
  } finally {
    x.dispose();
  }
}

function countDrawCalls(run: () => void): number {
  const gpgpu = webglBackend().getGPGPUContext();
  const executeProgram = gpgpu.executeProgram;
  let calls = 0;
  gpgpu.executeProgram = function(this: typeof gpgpu) {
    calls++;
    return executeProgram.call(this);
  };
  try {
    run();
  } finally {
    gpgpu.executeProgram = executeProgram;
  }
  return calls;
}

const browserBench = {
  describeBrowser,
  timeCalls,
  countPrograms,
  countDispatches,
};
export type BrowserBench = typeof browserBench;
(window as unknown as {browserBench: BrowserBench}).browserBench = browserBench;
