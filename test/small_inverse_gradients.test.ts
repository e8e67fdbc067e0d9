/**
 * The written-out gradients of 1 x 1 to 4 x 4 inverses
 * (src/kernels/shared/small_inverse_gradients.ts) against the general loop
 * (the blocked float64 product): the same dX to the bit, signed zeros, NaN
 * and infinities included, with and without adjoint.
 */
import * as fs from 'fs';

import {generateSmallInverseGradients, SMALL_INVERSE_GRADIENTS_PATH} from '../scripts/generate_small_inverse_gradients';
import {gradientEach} from '../src/kernels/shared/matrix_inverse_grad_impl';
import {smallInverseGradients} from '../src/kernels/shared/small_inverse_gradients';
import {mulberry32} from '../tools/random';

const SIZES = [1, 2, 3, 4];
const BATCH = 2000;
const MAX_REPORTED = 5;

/**
 * Entries that show a change in the order or kind of the operations:
 * signed zeros, ties, values whose products round, float32's ends and
 * subnormals, NaN and infinities.
 */
const PALETTE = [
  0, -0, 1, -1, 2, -0.5, 1 / 3, 0.1, -7, 1e-45, -1e-40, 1e-30, 3e38, -3e38, NaN,
  Infinity, -Infinity
];

describe('small inverse gradients', () => {
  test('small_inverse_gradients.ts is what the generator writes', () => {
    const upToDate = fs.readFileSync(SMALL_INVERSE_GRADIENTS_PATH, 'utf8') ===
        generateSmallInverseGradients();
    expect(
        upToDate ? 'up to date' :
                   'out of date: run `npx ts-node ' +
                '--transpile-only scripts/generate_small_inverse_gradients.ts`')
        .toBe('up to date');
  });

  test('are written out for n = 1 to 4', () => {
    expect(Object.keys(smallInverseGradients).map(Number)).toEqual(SIZES);
  });

  for (const n of SIZES) {
    for (const adjoint of [false, true]) {
      test(
          `${n} x ${n}${
              adjoint ? ', adjoint' : ''}: bit for bit the general loop`,
          () => {
            const uniform = mulberry32(100 * n + (adjoint ? 1 : 0));
            const y = testValues(BATCH, n, uniform);
            const dy = testValues(BATCH, n, uniform);
            const written = new Float32Array(BATCH * n * n);
            smallInverseGradients[n]!(y, dy, BATCH, adjoint, written);
            expect(differences(written, general(y, dy, BATCH, n, adjoint), n))
                .toEqual([]);
          });
    }
  }
});

function general(
    y: Float32Array, dy: Float32Array, batch: number, n: number,
    adjoint: boolean): Float32Array {
  const dx = new Float32Array(batch * n * n);
  gradientEach(y, dy, batch, n, adjoint, dx);
  return dx;
}

/**
 * `batch` n x n matrices, in float32: one in four of signed zeros and
 * ones (so that whole sums are -0), the others random with one entry in
 * eight from the palette.
 */
function testValues(
    batch: number, n: number, uniform: () => number): Float32Array {
  const pick = (choices: number[]) =>
      choices[Math.floor(uniform() * choices.length)];
  const entry = () => uniform() < 1 / 8 ?
      pick(PALETTE) :
      (2 * uniform() - 1) * 2 ** Math.floor(8 * uniform() - 4);
  const values = new Float32Array(batch * n * n);
  for (let offset = 0; offset < values.length; offset += n * n) {
    const signedZerosAndOnes = uniform() < 1 / 4;
    for (let k = 0; k < n * n; k++) {
      values[offset + k] = signedZerosAndOnes ? pick([0, -0, 1, -1]) : entry();
    }
  }
  return values;
}

/** The matrices whose dX differ (Object.is per entry), described. */
function differences(
    got: Float32Array, want: Float32Array, n: number): string[] {
  const found: string[] = [];
  for (let offset = 0; offset < got.length; offset += n * n) {
    const gotMatrix = Array.from(got.subarray(offset, offset + n * n));
    const wantMatrix = Array.from(want.subarray(offset, offset + n * n));
    const same = gotMatrix.every((v, k) => Object.is(v, wantMatrix[k]));
    if (!same && found.length < MAX_REPORTED) {
      found.push(
          `matrix ${offset / (n * n)}: got [${show(gotMatrix)}], the ` +
          `general loop gives [${show(wantMatrix)}]`);
    }
  }
  return found;
}

/** The entries, -0 shown as such. */
function show(values: number[]): string {
  return values.map(v => Object.is(v, -0) ? '-0' : String(v)).join(',');
}
