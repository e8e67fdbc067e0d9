/**
 * Exact singularity of float32 matrices, decided without floating-point
 * elimination, so it can judge what a float32 LU reports.
 */

/**
 * Primes below 2^26: a product of two residues is below 2^52, so it is
 * exact in a double and `%` reduces it exactly.
 */
const PRIMES = [67108859, 67108837, 67108819];

/**
 * Whether the n x n row-major matrix `a` of finite float32 values is
 * singular, i.e. rank < n over the rationals.
 *
 * Every float32 is m 2^e with an integer m, so scaling each row by its own
 * power of two makes it a row of integers without changing the rank. The
 * integer matrix is reduced mod each prime and eliminated mod p. Rank mod p
 * is at most the rank over the rationals (a nonzero minor mod p is nonzero),
 * so full rank mod any prime proves the matrix non-singular. A singular
 * matrix has det 0, so det = 0 mod every prime and this returns true. A
 * non-singular one is reported singular only if its nonzero integer
 * determinant is a multiple of all three primes (about 2^78), which test
 * matrices do not hit.
 */
export function isExactlySingular(a: ArrayLike<number>, n: number): boolean {
  const rows = integerRows(a, n);
  return PRIMES.every(p => rankModP(rows, n, p) < n);
}

/** An entry as sign * mantissa * 2^exponent, mantissa an integer < 2^24. */
interface Dyadic {
  mantissa: number;
  exponent: number;
}

const bits = new DataView(new ArrayBuffer(4));

function toDyadic(v: number): Dyadic {
  if (!Number.isFinite(v) || Math.fround(v) !== v) {
    throw new Error(`isExactlySingular: ${v} is not a finite float32`);
  }
  bits.setFloat32(0, v);
  const word = bits.getUint32(0);
  const biased = (word >>> 23) & 0xff;
  const fraction = word & 0x7fffff;
  const sign = word >>> 31 ? -1 : 1;
  // Subnormals: fraction * 2^-149; normals: (2^23 + fraction) 2^(biased-150).
  return biased === 0 ?
      {mantissa: sign * fraction, exponent: -149} :
      {mantissa: sign * (fraction + 0x800000), exponent: biased - 150};
}

/**
 * Row i as integers: each entry m 2^e becomes m 2^(e - e_min), e_min the
 * smallest exponent of the row, kept as (m, shift) since 2^shift can reach
 * 2^276.
 */
function integerRows(a: ArrayLike<number>, n: number): Dyadic[][] {
  return Array.from({length: n}, (_, i) => {
    const row = Array.from({length: n}, (_, j) => toDyadic(a[i * n + j]));
    const emin = Math.min(...row.map(d => d.exponent));
    return row.map(d => ({mantissa: d.mantissa, exponent: d.exponent - emin}));
  });
}

function mod(v: number, p: number): number {
  const r = v % p;
  return r < 0 ? r + p : r;
}

function mulMod(x: number, y: number, p: number): number {
  return (x * y) % p;
}

/** base^exponent mod p by repeated squaring. */
function powMod(base: number, exponent: number, p: number): number {
  let result = 1;
  let b = mod(base, p);
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = mulMod(result, b, p);
    b = mulMod(b, b, p);
  }
  return result;
}

/** The inverse of v mod the prime p (Fermat: v^(p-2)). */
function invMod(v: number, p: number): number {
  return powMod(v, p - 2, p);
}

/** The rank mod p of the integer matrix, by Gaussian elimination mod p. */
function rankModP(rows: Dyadic[][], n: number, p: number): number {
  const m = rows.map(
      row => row.map(
          d => mulMod(mod(d.mantissa, p), powMod(2, d.exponent, p), p)));
  let rank = 0;
  for (let col = 0; col < n && rank < n; col++) {
    const pivot = m.findIndex((row, i) => i >= rank && row[col] !== 0);
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot], m[rank]];
    const inv = invMod(m[rank][col], p);
    for (let i = rank + 1; i < n; i++) {
      const factor = mulMod(m[i][col], inv, p);
      if (factor === 0) continue;
      for (let j = col; j < n; j++) {
        m[i][j] = mod(m[i][j] - mulMod(factor, m[rank][j], p), p);
      }
    }
    rank++;
  }
  return rank;
}
