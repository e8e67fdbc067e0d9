/**
 * Counts the compute dispatches one call runs on tfjs's webgpu backend: the
 * webgpu suite checks the count, the browser bench reports it. tf.profile
 * cannot give it: it lists kernels, not the programs a kernel runs.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * WebGPUBackend's recordAndSubmit records exactly one dispatchWorkgroups per
 * program run (private in its types, so declared here).
 */
type DispatchRecorder = {
  recordAndSubmit(...args: unknown[]): void
};

/** Dispatches `run` records on the current backend, webgpu. */
export function countDispatches(run: () => void): number {
  const backend = tf.backend() as unknown as DispatchRecorder;
  const recordAndSubmit = backend.recordAndSubmit;
  let dispatches = 0;
  backend.recordAndSubmit = function(
      this: DispatchRecorder, ...args: unknown[]) {
    dispatches++;
    return recordAndSubmit.apply(this, args);
  };
  try {
    run();
  } finally {
    backend.recordAndSubmit = recordAndSubmit;
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
