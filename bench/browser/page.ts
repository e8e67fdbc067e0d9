/**
 * The page side of `npm run bench:browser`: times matrixInverse on the webgl
 * and cpu backends of one page, and counts the shader programs one call runs
 * on webgl. bench.ts drives it through `window.browserBench`.
 */
import * as tf from '@tensorflow/tfjs';
import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';

import {matrixInverse} from '../../src';
import {median} from '../timing';

export type BackendName = 'webgl'|'cpu';

export interface BenchCase {
  n: number;
  batch: number;
  /** Untimed calls first: shader compilation, texture allocation, JIT. */
  warmupCalls: number;
  /** Timed calls; the median is kept. */
  timedCalls: number;
}

export interface BrowserDescription {
  userAgent: string;
  webglRenderer: string;
  webglVersion: number;
  tfjsVersions: Record<string, string>;
}

export interface ProgramCount {
  /** Shader programs one matrixInverse call runs on webgl. */
  programs: number;
  /** The kernels tf.profile lists for the same call. */
  profiledKernels: string[];
}

/** WEBGL_debug_renderer_info's constant, absent from TypeScript's DOM types. */
const UNMASKED_RENDERER_WEBGL = 0x9246;

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
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    tfjsVersions: tf.version as Record<string, string>,
  };
}

/**
 * `batch` random matrices with n added to the diagonal: well conditioned, so
 * every backend runs the same elimination without trouble.
 */
function wellConditionedBatch(n: number, batch: number): tf.Tensor3D {
  const values = new Float32Array(batch * n * n);
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.random() * 2 - 1;
  }
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      values[b * n * n + i * n + i] += n;
    }
  }
  return tf.tensor3d(values, [batch, n, n]);
}

/** One call as a user would time it: the inverse, then its values read. */
async function invertAndRead(x: tf.Tensor) {
  const inverse = matrixInverse(x);
  await inverse.data();
  inverse.dispose();
}

/** Median milliseconds per call of matrixInverse on `backend`. */
async function timeCall(
    backend: BackendName,
    {n, batch, warmupCalls, timedCalls}: BenchCase): Promise<number> {
  await useBackend(backend);
  const x = wellConditionedBatch(n, batch);
  try {
    for (let i = 0; i < warmupCalls; i++) {
      await invertAndRead(x);
    }
    const times: number[] = [];
    for (let i = 0; i < timedCalls; i++) {
      const start = performance.now();
      await invertAndRead(x);
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    x.dispose();
  }
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
  timeCall,
  countPrograms
};
export type BrowserBench = typeof browserBench;
(window as unknown as {browserBench: BrowserBench}).browserBench = browserBench;
