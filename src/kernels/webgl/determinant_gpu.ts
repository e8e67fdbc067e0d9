import {GPGPUProgramLike} from '../backend_types';

import {POWER_OF_TWO_FUNCTIONS} from './elimination_gpu';

/** What a DeterminantProgram puts out per matrix. */
export type DeterminantQuantity = 'determinant'|'sign'|'logAbsDeterminant';

/**
 * The GLSL that puts out each quantity from mantissa and exponent. The
 * clamp keeps timesPowerOfTwo's exponent in its range without changing a
 * result: beyond 2^±300 it is ±Infinity or 0 either way.
 */
const OUTPUTS: {[quantity in DeterminantQuantity]: string} = {
  determinant: `
    setOutput(isnan(mantissa) || mantissa == 0.0 ?
        mantissa : timesPowerOfTwo(mantissa, clamp(exponent, -300.0, 300.0)));
  `,
  sign: `
    setOutput(isnan(mantissa) ? mantissa : sign(mantissa));
  `,
  logAbsDeterminant: `
    if (isnan(mantissa) || mantissa == 0.0) {
      setOutput(mantissa == 0.0 ? negativeInfinity() : mantissa);
      return;
    }
    setOutput(exponent * LN2_HIGH + (exponent * LN2_LOW + log(abs(mantissa))));
  `,
};

/**
 * det(x), its sign or log|det(x)| per matrix, from the eliminated working
 * texture (elimination_gpu.ts): det(A) is the product of column n + 2, the
 * signed pivots of the scaled matrix A' = R A, times 2^-(e_0 + ... + e_n-1),
 * the sum of column n + 1. NaN where a row of x has a non-finite entry (the
 * column holds NaN there); else exactly 0 (sign 0, log|det| -Infinity) where
 * a step found no usable pivot (the column holds 0 from that step on).
 *
 * The product is kept as mantissa * 2^exponent with |mantissa| in [1, 2),
 * each pivot split the same way by exact powers of two, so no partial
 * product over- or underflows: a det that is a normal float32 comes out
 * within the rounding of its n products, and log|det| = log|mantissa| +
 * exponent ln 2 needs one logarithm.
 */
export class DeterminantProgram implements GPGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number, quantity: DeterminantQuantity) {
    this.outputShape = [batch];
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}

      // ln 2 in two parts: exponent * LN2_HIGH is exact for |exponent| up
      // to 2^9, so the sum keeps float32's precision.
      const float LN2_HIGH = 0.693145751953125;
      const float LN2_LOW = 1.428606765330187e-6;

      // det of matrix b is mantissa * 2^exponent; mantissa is NaN or 0
      // where det is.
      void determinantParts(int b, out float mantissa, out float exponent) {
        mantissa = 1.0;
        exponent = 0.0;
        bool zero = false;
        for (int j = 0; j < ${n}; j++) {
          float pivot = getA(b, j, ${n + 2});
          if (isnan(pivot)) {
            mantissa = NAN;
            return;
          }
          if (pivot == 0.0) {
            zero = true;
          }
          if (zero) {
            continue;
          }
          float k = normalizingExponent(abs(pivot));
          mantissa *= timesPowerOfTwo(pivot, k);
          exponent -= k + getA(b, j, ${n + 1});
          if (abs(mantissa) >= 2.0) {
            mantissa *= 0.5;
            exponent += 1.0;
          }
        }
        if (zero) {
          mantissa = 0.0;
        }
      }

      float negativeInfinity() {
        #if __VERSION__ >= 300
        return uintBitsToFloat(0xff800000u);
        #else
        return -INFINITY;
        #endif
      }

      void main() {
        float mantissa;
        float exponent;
        determinantParts(getOutputCoords(), mantissa, exponent);
        ${OUTPUTS[quantity]}
      }
    `;
  }
}
