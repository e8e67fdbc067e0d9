import {EliminationOutputsProgram} from './elimination_webgpu';

/** What a DeterminantOutputsProgram can put out per matrix. */
export type DeterminantQuantity = 'determinant'|'sign'|'logAbsDeterminant';

/**
 * The WGSL that returns each quantity from mantissa and exponent. The clamp
 * keeps timesPowerOfTwo's exponent in its range without changing a result:
 * beyond 2^±300 it is ±Infinity or 0 either way.
 */
const QUANTITIES: {[quantity in DeterminantQuantity]: string} = {
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
 * WGSL of `pivotProduct(b)`, det of matrix b as (mantissa, exponent), from
 * the eliminated working buffer (elimination_webgpu.ts): det(A) is the
 * product of column n + 2, the signed pivots of the scaled matrix A' = R A,
 * times 2^-(e_0 + ... + e_n-1), the sum of column n + 1. The mantissa is NaN
 * where a row of x has a non-finite entry; else exactly 0 where a step found
 * no usable pivot. The product is kept with |mantissa| in [1, 2), as the
 * webgl kernel keeps it, so that no partial product over- or underflows.
 */
const PIVOT_PRODUCT_FUNCTION = `
  fn pivotProduct(b: i32) -> vec2<f32> {
    var mantissa = 1.0;
    var exponent = 0.0;
    var zero = false;
    for (var j = 0; j < N; j++) {
      let pivot = a[(b * N + j) * W + N + 2];
      if (isnan(pivot)) {
        return vec2<f32>(pivot, 0.0);
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
    return vec2<f32>(select(mantissa, 0.0, zero), exponent);
  }
`;

/**
 * det(x), its sign or log|det(x)| per matrix, each a [batch] output of one
 * dispatch: NaN where a row of x has a non-finite entry; else exactly 0
 * (sign 0, log|det| -Infinity) where a step found no usable pivot.
 */
export class DeterminantOutputsProgram extends EliminationOutputsProgram {
  constructor(
      batch: number, n: number,
      private readonly quantities: DeterminantQuantity[]) {
    super(
        batch, n, false, 0,
        quantities.map(
            quantity => (
                {name: `${quantity}Values`, shape: [batch], dtype: 'float32'})),
        false, `determinantOutputs_${quantities.join('_')}`);
  }

  protected getOutputCode(): string {
    const functions = this.quantities.map(quantity => `
      fn ${quantity}Of(mantissa: f32, exponent: f32) -> f32 {
        ${QUANTITIES[quantity]}
      }
    `);
    const writes = this.quantities.map(
        quantity =>
            `${quantity}Values[b] = ${quantity}Of(product.x, product.y);`);
    return `
      // ln 2 in two parts: exponent * LN2_HIGH is exact for |exponent| up
      // to 2^9, so the sum keeps float32's precision.
      const LN2_HIGH = 0.693145751953125;
      const LN2_LOW = 1.428606765330187e-6;

      ${PIVOT_PRODUCT_FUNCTION}
      ${functions.join('\n')}

      fn writeOutputs(b: i32) {
        let product = pivotProduct(b);
        ${writes.join('\n')}
      }
    `;
  }
}
