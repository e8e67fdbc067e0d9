/**
 * The written-out inverses of 1 x 1 to 4 x 4 matrices
 * (src/kernels/shared/small_inverses.ts) against the general loop (GaussJordan
 * on a float64 work matrix): the same inverse, info and rcond to the bit, on
 * matrices chosen to tell eliminations apart: ties between pivot candidates,
 * signed zeros, equal rows, zero rows and columns, NaN and Infinity at every
 * position, permutations, huge and tiny scales, and nearly singular matrices
 * whose inverse is made of rounding errors.
 */
import * as fs from 'fs';

import {generateSmallInverses, SMALL_INVERSES_PATH} from '../scripts/generate_small_inverses';
import {BatchInverse, InverseBatch, invertEach, matrixInverseImpl} from '../src/kernels/shared/matrix_inverse_impl';
import {smallMatrixInverses} from '../src/kernels/shared/small_inverses';
import {mulberry32} from '../tools/random';

const SIZES = [1, 2, 3, 4];
const FLOAT32_MAX = 3.4028234663852886e38;
const MAX_REPORTED = 5;

/** A batch of n x n matrices as a flat list of rows of n * n entries. */
type Matrices = number[][];

describe('small matrices', () => {
  test('small_inverses.ts is what the generator writes', () => {
    // If not: npx ts-node --transpile-only scripts/generate_small_inverses.ts
    const written = fs.readFileSync(SMALL_INVERSES_PATH, 'utf8');
    expect(written === generateSmallInverses()).toBe(true);
  });

  test('matrixInverseImpl takes the written-out loop for n <= 4 only', () => {
    const table = smallMatrixInverses as {[n: number]: BatchInverse};
    for (const n of SIZES) {
      const spy = jest.spyOn(table, n);
      matrixInverseImpl(new Float32Array(2 * n * n), 2, n, false);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    }
    expect(smallMatrixInverses[0]).toBeUndefined();
    expect(smallMatrixInverses[5]).toBeUndefined();
  });

  for (const n of SIZES) {
    for (const adjoint of [false, true]) {
      const name = `${n} x ${n}${adjoint ? ', adjoint' : ''}`;
      test(`${name}: bit for bit the general loop`, () => {
        const matrices = testMatrices(n, mulberry32(1000 * n));
        const values = Float32Array.from(matrices.flat());
        const batch = matrices.length;
        const invertSmall = smallMatrixInverses[n]!;
        // In float64 first, where float32's rounding hides nothing.
        for (const Float of [Float64Array, Float32Array]) {
          const written = invertWith(
              Float, batch, n, out => invertSmall(values, batch, adjoint, out));
          const general = invertWith(
              Float, batch, n,
              out => invertEach(values, batch, n, adjoint, out));
          expect(differences(written, general, matrices, n)).toEqual([]);
          // The cases reach every outcome: inverted, each failing step.
          expect(new Set(general.info)).toEqual(new Set(range(n + 1)));
        }
      });
    }
  }
});

function invertWith(
    Float: Float32ArrayConstructor|Float64ArrayConstructor, batch: number,
    n: number, invert: (out: InverseBatch) => void): InverseBatch {
  const out = {
    inverse: new Float(batch * n * n),
    info: new Int32Array(batch),
    rcond: new Float(batch),
  };
  invert(out);
  return out;
}

/** The matrices whose outputs differ (Object.is per entry), described. */
function differences(
    got: InverseBatch, want: InverseBatch, matrices: Matrices,
    n: number): string[] {
  const found: string[] = [];
  matrices.forEach((x, b) => {
    const [from, to] = [b * n * n, (b + 1) * n * n];
    const inverseGot = Array.from(got.inverse.subarray(from, to));
    const inverseWant = Array.from(want.inverse.subarray(from, to));
    const same = inverseGot.every((v, k) => Object.is(v, inverseWant[k])) &&
        got.info[b] === want.info[b] && Object.is(got.rcond[b], want.rcond[b]);
    if (!same && found.length < MAX_REPORTED) {
      found.push(
          `matrix ${b}, x = [${x}]: got inverse [${inverseGot}], info ` +
          `${got.info[b]}, rcond ${got.rcond[b]}; the general loop gives ` +
          `[${inverseWant}], ${want.info[b]}, ${want.rcond[b]}`);
    }
  });
  return found;
}

/** Every kind of matrix below, several thousand in all, in float32. */
function testMatrices(n: number, uniform: () => number): Matrices {
  const random = () => 2 * uniform() - 1;
  const randomMatrix = () => Array.from({length: n * n}, random);
  const smallIntegers = () =>
      Array.from({length: n * n}, () => Math.floor(5 * uniform()) - 2);
  const bases = [
    ...repeat(200, randomMatrix),
    ...repeat(200, smallIntegers),
  ];
  const kinds: Matrices = [
    ...bases,
    // Ties in |a[i][j]|, zeros of either sign, rows equal by chance.
    ...repeat(2000, () => Array.from(smallIntegers(), v => v === 0 ? -0 : v)),
    ...repeat(
        1000, () => Array.from({length: n * n}, () => pick(PALETTE, uniform))),
    ...bases.slice(0, 20).flatMap(m => withSpecialAnywhere(m, n)),
    ...bases.slice(0, 50).flatMap(m => withEqualRows(m, n)),
    ...bases.slice(0, 50).flatMap(m => withZeroRowOrColumn(m, n)),
    ...permutations(n).flatMap(
        p => withPermutation(p, n, randomMatrix(), uniform)),
    ...repeat(500, () => nearlySingular(n, uniform)),
  ];
  // Huge and tiny: scaled by powers of two, exactly, to the ends of float32.
  const scaled = kinds.slice(0, 400).flatMap(
      m => [2 ** 120, 2 ** -120, 2 ** -140].map(s => m.map(v => v * s)));
  return [...kinds, ...scaled].map(m => Array.from(Float32Array.from(m)));
}

/**
 * Entries that make eliminations differ: signed zeros, exact ties,
 * subnormals, float32's ends, and a few NaN and infinities.
 */
const PALETTE = [
  ...[0, -0, 1, -1, 1, 2, -2, 0.5, 3, -3, 0.1, 1 / 3],
  ...[1e-45, -1e-40, 1e-38, 1e30, FLOAT32_MAX, -FLOAT32_MAX],
  ...[NaN, Infinity, -Infinity],
];

/** m with NaN, Infinity and -Infinity at each position in turn. */
function withSpecialAnywhere(m: number[], n: number): Matrices {
  return [NaN, Infinity, -Infinity].flatMap(
      special => Array.from(
          {length: n * n}, (_, k) => m.map((v, l) => l === k ? special : v)));
}

/** m with row from copied over row to, for every pair of rows. */
function withEqualRows(m: number[], n: number): Matrices {
  const result: Matrices = [];
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      if (from !== to) {
        const copy = m.slice();
        copy.copyWithin(to * n, from * n, from * n + n);
        result.push(copy);
      }
    }
  }
  return result;
}

/** m with each row, then each column, zeroed in turn. */
function withZeroRowOrColumn(m: number[], n: number): Matrices {
  const zeroRow = (r: number) =>
      m.map((v, k) => Math.floor(k / n) === r ? 0 : v);
  const zeroColumn = (c: number) => m.map((v, k) => k % n === c ? 0 : v);
  return [...range(n).map(zeroRow), ...range(n).map(zeroColumn)];
}

/** All permutations of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) {
    return [[]];
  }
  return permutations(n - 1).flatMap(
      p => Array.from(
          {length: n}, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

/**
 * The permutation matrix of p, the same with entries of other sizes and
 * signs, and m with its rows permuted by p.
 */
function withPermutation(
    p: number[], n: number, m: number[], uniform: () => number): Matrices {
  return [
    permutationMatrix(p, n, () => 1),
    permutationMatrix(p, n, () => pick([1, -1, 0.5, -3, 1e-30], uniform)),
    permuteRows(m, p, n),
  ];
}

function permutationMatrix(
    p: number[], n: number, entry: () => number): number[] {
  const m = new Array<number>(n * n).fill(0);
  p.forEach((column, i) => m[i * n + column] = entry());
  return m;
}

function permuteRows(m: number[], p: number[], n: number): number[] {
  return p.flatMap(i => m.slice(i * n, i * n + n));
}

/**
 * U V with U n x (n-1) and V (n-1) x n of integers: singular in exact
 * arithmetic. Where the elimination meets no exactly zero pivot, its
 * inverse is made of rounding errors, so it shows any change in the order
 * or kind of the operations.
 */
function nearlySingular(n: number, uniform: () => number): number[] {
  const k = Math.max(1, n - 1);
  const integer = () => Math.floor(19 * uniform()) - 9;
  const u = repeat(n * k, integer);
  const v = repeat(k * n, integer);
  return Array.from({length: n * n}, (_, e) => {
    const [i, j] = [Math.floor(e / n), e % n];
    let sum = 0;
    for (let q = 0; q < k; q++) {
      sum += u[i * k + q] * v[q * n + j];
    }
    return sum;
  });
}

function range(count: number): number[] {
  return Array.from({length: count}, (_, k) => k);
}

function repeat<T>(count: number, make: () => T): T[] {
  return Array.from({length: count}, make);
}

function pick<T>(choices: T[], uniform: () => number): T {
  return choices[Math.floor(uniform() * choices.length)];
}
