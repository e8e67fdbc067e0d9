#include "matrix_product.h"

#include <wasm_simd128.h>

void load_matrix(double* out, const float* values, int n, int width,
                 int transpose) {
  const int row_stride = transpose ? 1 : n;
  const int column_stride = transpose ? n : 1;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      out[i * width + j] = values[i * row_stride + j * column_stride];
    }
  }
}

/* Math.max's rule: NaN wins. */
static double max_or_nan(double a, double b) {
  if (a != a || b != b) {
    return a + b;
  }
  return a > b ? a : b;
}

double one_norm(const double* a, int n, double* sums) {
  for (int j = 0; j < n; j++) {
    sums[j] = 0;
  }
  /* Four rows per pass over the sums, added in order of i. */
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const double* row = a + i * n;
    int j = 0;
    for (; j + 2 <= n; j += 2) {
      v128_t s = wasm_v128_load(sums + j);
      s = wasm_f64x2_add(s, wasm_f64x2_abs(wasm_v128_load(row + j)));
      s = wasm_f64x2_add(s, wasm_f64x2_abs(wasm_v128_load(row + n + j)));
      s = wasm_f64x2_add(s, wasm_f64x2_abs(wasm_v128_load(row + 2 * n + j)));
      s = wasm_f64x2_add(s, wasm_f64x2_abs(wasm_v128_load(row + 3 * n + j)));
      wasm_v128_store(sums + j, s);
    }
    for (; j < n; j++) {
      sums[j] = sums[j] + __builtin_fabs(row[j]) + __builtin_fabs(row[n + j]) +
                __builtin_fabs(row[2 * n + j]) + __builtin_fabs(row[3 * n + j]);
    }
  }
  for (; i < n; i++) {
    for (int j = 0; j < n; j++) {
      sums[j] += __builtin_fabs(a[i * n + j]);
    }
  }
  double norm = 0;
  for (int j = 0; j < n; j++) {
    norm = max_or_nan(norm, sums[j]);
  }
  return norm;
}

/* The eight multipliers of one row for one block of q, splatted. */
typedef struct {
  v128_t v[8];
} Multipliers;

static Multipliers splat_multipliers(const double* a) {
  Multipliers m;
  for (int q = 0; q < 8; q++) {
    m.v[q] = wasm_f64x2_splat(a[q]);
  }
  return m;
}

/* The eight-term sum for two adjacent columns, from the b rows of a block. */
static inline v128_t block_sum(const Multipliers* m, const v128_t* s) {
  v128_t sum = wasm_f64x2_mul(m->v[0], s[0]);
  for (int q = 1; q < 8; q++) {
    sum = wasm_f64x2_add(sum, wasm_f64x2_mul(m->v[q], s[q]));
  }
  return sum;
}

/* The same sum for one column, in the same order. */
static inline double block_sum_scalar(const double* x, const double* b,
                                      int stride, int l) {
  double sum = x[0] * b[l];
  for (int q = 1; q < 8; q++) {
    sum += x[q] * b[q * stride + l];
  }
  return sum;
}

/* Rows cx (and cy, when not null) += one block of eight rows of b times the
 * multipliers ax (ay), in the columns [from, to). */
static void add_block(double* cx, double* cy, const double* ax,
                      const double* ay, const double* b, int stride, int from,
                      int to) {
  const Multipliers mx = splat_multipliers(ax);
  const Multipliers my = splat_multipliers(cy ? ay : ax);
  int l = from;
  for (; l + 2 <= to; l += 2) {
    v128_t s[8];
    for (int q = 0; q < 8; q++) {
      s[q] = wasm_v128_load(b + q * stride + l);
    }
    wasm_v128_store(cx + l,
                    wasm_f64x2_add(wasm_v128_load(cx + l), block_sum(&mx, s)));
    if (cy) {
      wasm_v128_store(
          cy + l, wasm_f64x2_add(wasm_v128_load(cy + l), block_sum(&my, s)));
    }
  }
  for (; l < to; l++) {
    cx[l] += block_sum_scalar(ax, b, stride, l);
    if (cy) {
      cy[l] += block_sum_scalar(ay, b, stride, l);
    }
  }
}

/* c_row[l] += f * b_row[l] for l in [from, to). */
static void add_scaled_row(double* c_row, double f, const double* b_row,
                           int from, int to) {
  const v128_t fv = wasm_f64x2_splat(f);
  int l = from;
  for (; l + 2 <= to; l += 2) {
    wasm_v128_store(
        c_row + l,
        wasm_f64x2_add(wasm_v128_load(c_row + l),
                       wasm_f64x2_mul(fv, wasm_v128_load(b_row + l))));
  }
  for (; l < to; l++) {
    c_row[l] += f * b_row[l];
  }
}

/* Rows x (and y, when y >= 0) of the product update. */
static void add_product_to_rows(double* c, const double* a, int a_column,
                                const double* b, int b_row, int stride, int x,
                                int y, int depth, int from, int to) {
  double* cx = c + x * stride;
  double* cy = y >= 0 ? c + y * stride : 0;
  const double* ax = a + x * stride + a_column;
  const double* ay = y >= 0 ? a + y * stride + a_column : 0;
  int q = 0;
  for (; q + 8 <= depth; q += 8) {
    add_block(cx, cy, ax + q, cy ? ay + q : 0, b + (b_row + q) * stride, stride,
              from, to);
  }
  for (; q < depth; q++) {
    const double* b_q = b + (b_row + q) * stride;
    add_scaled_row(cx, ax[q], b_q, from, to);
    if (cy) {
      add_scaled_row(cy, ay[q], b_q, from, to);
    }
  }
}

void add_product(double* c, const double* a, int a_column, const double* b,
                 int b_row, int stride, int i0, int i1, int depth, int from,
                 int to) {
  int i = i0;
  for (; i + 2 <= i1; i += 2) {
    add_product_to_rows(c, a, a_column, b, b_row, stride, i, i + 1, depth, from,
                        to);
  }
  if (i < i1) {
    add_product_to_rows(c, a, a_column, b, b_row, stride, i, -1, depth, from,
                        to);
  }
}

/* Rows of b streamed per sweep over c, as in the JavaScript product. */
#define ROWS_PER_SWEEP 64

void multiply(double* c, const double* a, const double* b, int n) {
  for (int k = 0; k < n * n; k++) {
    c[k] = 0;
  }
  for (int q = 0; q < n; q += ROWS_PER_SWEEP) {
    const int depth = n - q < ROWS_PER_SWEEP ? n - q : ROWS_PER_SWEEP;
    add_product(c, a, q, b, q, n, 0, n, depth, 0, n);
  }
}
