import {Tensor, TypedArray} from '@tensorflow/tfjs-core';

export interface AssertInvertibleOptions {
  /** `rcond` from `matrixInverseEx`, to be checked against `tolerance`. */
  rcond: Tensor;
  /**
   * Matrices whose rcond is below this count as singular: they may be
   * singular in exact arithmetic without meeting a zero pivot. About 1e-6
   * suits float32 (a few units of its rounding, 2^-24 = 6e-8).
   */
  tolerance: number;
}

/**
 * Throws an error naming the batch indices of the singular matrices that
 * `info` (from `matrixInverseEx`) reports, and, given `rcond` and a
 * tolerance, of the matrices whose rcond is below it. Does nothing when
 * there are none. Reads from the backend, so await it outside the hot loop.
 *
 * ```js
 * const {inverse, info, rcond} = matrixInverseEx(x);
 * await assertInvertible(info);                             // zero pivots
 * await assertInvertible(info, {rcond, tolerance: 1e-6});   // and nearly so
 * ```
 */
export async function assertInvertible(
    info: Tensor, options?: AssertInvertibleOptions): Promise<void> {
  const rcond = options == null ? null : await options.rcond.data();
  throwIfSingular(
      info.shape, await info.data() as TypedArray, rcond, options?.tolerance);
}

/** The synchronous form of `assertInvertible`, for the cpu backend. */
export function assertInvertibleSync(
    info: Tensor, options?: AssertInvertibleOptions): void {
  const rcond = options == null ? null : options.rcond.dataSync();
  throwIfSingular(
      info.shape, info.dataSync() as TypedArray, rcond, options?.tolerance);
}

function throwIfSingular(
    batchShape: number[], info: TypedArray, rcond: TypedArray|null,
    tolerance = 0) {
  const singular: string[] = [];
  info.forEach((step, flatIndex) => {
    const index = `[${unravelIndex(flatIndex, batchShape)}]`;
    if (step !== 0) {
      singular.push(`${index} (pivot ${step} was zero or not finite)`);
    } else if (rcond != null && !(rcond[flatIndex] >= tolerance)) {
      singular.push(
          `${index} (rcond ${rcond[flatIndex].toExponential(2)} is below ` +
          `the tolerance ${tolerance})`);
    }
  });
  if (singular.length > 0) {
    throw new Error(
        `matrixInverse: ${singular.length} of ${info.length} matrices are ` +
        `singular, at batch indices ${singular.join(', ')}.`);
  }
}

function unravelIndex(flatIndex: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flatIndex % shape[d];
    flatIndex = Math.floor(flatIndex / shape[d]);
  }
  return index;
}
