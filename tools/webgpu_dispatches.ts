/**
 * Counts the compute dispatches one call runs on tfjs's webgpu backend: the
 * webgpu suite checks the count, the browser bench reports it. tf.profile
 * cannot give it: it lists kernels, not the programs a kernel runs.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The compute pass encoder's prototype, where every dispatch goes through,
 * whoever records it: tfjs's programs and the package's own multi-output
 * pipelines alike (absent from TypeScript's DOM types).
 */
type PassEncoderPrototype = {
  dispatchWorkgroups(...args: unknown[]): void
};

/** Compute dispatches that `run` records, on any backend and device. */
export function countDispatches(run: () => void): number {
  const prototype = (globalThis as unknown as {
                      GPUComputePassEncoder: {prototype: PassEncoderPrototype}
                    }).GPUComputePassEncoder.prototype;
  const dispatchWorkgroups = prototype.dispatchWorkgroups;
  let dispatches = 0;
  prototype.dispatchWorkgroups = function(this: unknown, ...args: unknown[]) {
    dispatches++;
    return dispatchWorkgroups.apply(this, args);
  };
  try {
    run();
  } finally {
    prototype.dispatchWorkgroups = dispatchWorkgroups;
  }
  return dispatches;
}

/**
 * The dispatches of one call of `op` on webgpu, after a first call has
 * uploaded its inputs and compiled its pipelines. tfjs's forwarding of small
 * inputs to the CPU is off meanwhile: a single 4x4 matrix would otherwise
 * run no dispatch at all.
 */
export async function dispatchesPerCall(op: () => tf.Tensor[]):
    Promise<number> {
  const cpuForward = tf.env().getBool('WEBGPU_CPU_FORWARD');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  try {
    const first = op();
    await Promise.all(first.map(t => t.data()));
    tf.dispose(first);
    return countDispatches(() => tf.dispose(op()));
  } finally {
    tf.env().set('WEBGPU_CPU_FORWARD', cpuForward);
  }
}
