import {FlatProgram, POWER_OF_TWO_FUNCTIONS} from './elimination_webgpu';

/** What a DeterminantProgram puts out per matrix. */
export type DeterminantQuantity = 'determinant'|'sign'|'logAbsDeterminant';

/**
 * The WGSL that returns each quantity from mantissa and exponent. The clamp
 * keeps timesPowerOfTwo's exponent in its range without changing a result:
 * beyond 2^±300 it is ±Infinity or 0 either way.
 */
const OUTPUTS: {[quantity in DeterminantQuantity]: string} = {
  determinant: `
    if (isnan(mantissa) || mantissa == 0.0) {
      return mantissa;
    }
    return timesPowerOfTwo(mantissa, clamp(exponent, -300.0, 300.0));
  `,
  sign: `
    return select(sign(mantissa), mantissa, isnan(mantissa));
  `,
  logAbsDeterminant: `
    if (isnan(mantissa)) {
      return mantissa;
    }
    if (mantissa == 0.0) {
      return -uniforms.INFINITY;
    }
    return exponent * LN2_HIGH + (exponent * LN2_LOW + log(abs(mantissa)));
  `,
};

/**
 * det(x), its sign or log|det(x)| per matrix, from the eliminated working
 * buffer (elimination_webgpu.ts): det(A) is the product of column n + 2, the
 * signed pivots of the scaled matrix A' = R A, times 2^-(e_0 + ... + e_n-1),
 * the sum of column n + 1. NaN where a row of x has a non-finite entry;
 * else exactly 0 (sign 0, log|det| -Infinity) where a step found no usable
 * pivot. The product is kept as mantissa * 2^exponent with |mantissa| in
 * [1, 2), as the webgl kernel keeps it, so that no partial product over- or
 * underflows.
 */
export class DeterminantProgram extends FlatProgram {
  constructor(
      batch: number, private readonly n: number, private readonly width: number,
      private readonly quantity: DeterminantQuantity) {
    super(['a'], [batch], `determinant_${n}_${width}_${quantity}`);
  }

  getUserCode(): string {
    return `
      const N = ${this.n};
      const W = ${this.width};
      ${POWER_OF_TWO_FUNCTIONS}

      // ln 2 in two parts: exponent * LN2_HIGH is exact for |exponent| up
      // to 2^9, so the sum keeps float32's precision.
      const LN2_HIGH = 0.693145751953125;
      const LN2_LOW = 1.428606765330187e-6;

      fn quantity(mantissa: f32, exponent: f32) -> f32 {
        ${OUTPUTS[this.quantity]}
      }

      fn main(b: i32) {
        if (b >= uniforms.outShape) {
          return;
        }
        var mantissa = 1.0;
        var exponent = 0.0;
        var zero = false;
        for (var j = 0; j < N; j++) {
          let pivot = a[(b * N + j) * W + N + 2];
          if (isnan(pivot)) {
            result[b] = pivot;
            return;
          }
          zero = zero || pivot == 0.0;
          if (zero) {
            continue;
          }
          let k = normalizingExponent(abs(pivot));
          mantissa *= timesPowerOfTwo(pivot, k);
          exponent -= k + a[(b * N + j) * W + N + 1];
          if (abs(mantissa) >= 2.0) {
            mantissa *= 0.5;
            exponent += 1.0;
          }
        }
        result[b] = quantity(select(mantissa, 0.0, zero), exponent);
      }
    `;
  }
}
