/* The engine's exports: each runs one kernel over a whole batch, reading
 * float32 tensors and writing float32/int32 outputs in place in the memory
 * it imports (tfjs's wasm heap), with float64 work buffers in `scratch`,
 * which the caller allocates (*_scratch_bytes) and frees. Every output entry
 * is written: the outputs are fresh heap memory, not zeros. */
#include "gauss_jordan.h"
#include "matrix_product.h"

#define EXPORT(name) __attribute__((export_name(#name)))

static int doubles(int count) { return (int)sizeof(double) * count; }

/* Writes the float32 rounding of n entries of a. */
static void store_rounded(float* out, const double* a, int count) {
  for (int k = 0; k < count; k++) {
    out[k] = (float)a[k];
  }
}

static void fill(float* out, float value, int count) {
  for (int k = 0; k < count; k++) {
    out[k] = value;
  }
}

EXPORT(matrix_inverse_scratch_bytes)
int matrix_inverse_scratch_bytes(int n) {
  return gauss_jordan_bytes(n, 0) + doubles(n);
}

/* The inverse, info and rcond = 1 / (|A|_1 |A^-1|_1) of each matrix, as
 * src/kernels/shared/matrix_inverse_impl.ts's invertEach computes them. */
EXPORT(matrix_inverse)
void matrix_inverse(const float* x, float* inverse, int* info, float* rcond,
                    int batch, int n, int adjoint, void* scratch) {
  GaussJordan* g = gauss_jordan_init(scratch, n, 0);
  double* sums = (double*)((char*)scratch + gauss_jordan_bytes(n, 0));
  for (int b = 0; b < batch; b++) {
    const int offset = b * n * n;
    gauss_jordan_load(g, x + offset, adjoint);
    const double norm = one_norm(g->a, n, sums);
    info[b] = gauss_jordan_invert(g);
    if (info[b] == 0) {
      store_rounded(inverse + offset, g->a, n * n);
      rcond[b] = (float)(1 / (norm * one_norm(g->a, n, sums)));
    } else {
      fill(inverse + offset, __builtin_nanf(""), n * n);
      rcond[b] = 0;
    }
  }
}

EXPORT(matrix_solve_scratch_bytes)
int matrix_solve_scratch_bytes(int n, int k) {
  return gauss_jordan_bytes(n, k);
}

/* X with A X = B (A^T X = B with adjoint) for each system, and info, as
 * src/kernels/shared/matrix_solve_impl.ts computes them. */
EXPORT(matrix_solve)
void matrix_solve(const float* matrix, const float* rhs, float* solution,
                  int* info, int batch, int n, int k, int adjoint,
                  void* scratch) {
  GaussJordan* g = gauss_jordan_init(scratch, n, k);
  for (int b = 0; b < batch; b++) {
    gauss_jordan_load(g, matrix + b * n * n, adjoint);
    gauss_jordan_load_right_hand_sides(g, rhs + b * n * k);
    info[b] = gauss_jordan_solve(g);
    float* x = solution + b * n * k;
    if (info[b] != 0) {
      fill(x, __builtin_nanf(""), n * k);
      continue;
    }
    for (int i = 0; i < n; i++) {
      store_rounded(x + i * k, g->a + i * g->width + n, k);
    }
  }
}

EXPORT(lu_pivots_scratch_bytes)
int lu_pivots_scratch_bytes(int n) { return gauss_jordan_bytes(n, 0); }

static int all_finite(const float* values, int count) {
  for (int k = 0; k < count; k++) {
    if (values[k] - values[k] != 0) {
      return 0;
    }
  }
  return 1;
}

/* Each matrix's pivots (n per matrix; 0 from a zero pivot on) and number of
 * row swaps, or -1 swaps for a matrix with a non-finite entry or whose
 * elimination overflowed: what src/kernels/shared/determinant_impl.ts's
 * factorEach reads off the same elimination. */
EXPORT(lu_pivots)
void lu_pivots(const float* x, double* pivots, int* swaps, int batch, int n,
               void* scratch) {
  GaussJordan* g = gauss_jordan_init(scratch, n, 0);
  for (int b = 0; b < batch; b++) {
    double* out = pivots + b * n;
    for (int j = 0; j < n; j++) {
      out[j] = 0;
    }
    if (!all_finite(x + b * n * n, n * n)) {
      swaps[b] = -1;
      continue;
    }
    gauss_jordan_load(g, x + b * n * n, 0);
    for (int j = 0; j < n; j++) {
      g->pivots[j] = 0;
    }
    const int info = gauss_jordan_reduce(g);
    if (info != 0 && g->a[(info - 1) * (n + 1)] != 0) {
      swaps[b] = -1;
      continue;
    }
    const int steps = info == 0 ? n : info - 1;
    swaps[b] = 0;
    for (int j = 0; j < steps; j++) {
      swaps[b] += g->pivot_row[j] == j ? 0 : 1;
    }
    for (int j = 0; j < n; j++) {
      out[j] = g->pivots[j];
    }
  }
}

EXPORT(matrix_inverse_grad_scratch_bytes)
int matrix_inverse_grad_scratch_bytes(int n) { return 4 * doubles(n * n); }

/* dX = -M D M per matrix, with M = Y^T, D = dY, or with adjoint M = Y,
 * D = dY^T, as src/kernels/shared/matrix_inverse_grad_impl.ts computes it. */
EXPORT(matrix_inverse_grad)
void matrix_inverse_grad(const float* y, const float* dy, float* dx, int batch,
                         int n, int adjoint, void* scratch) {
  double* m = (double*)scratch;
  double* d = m + n * n;
  double* md = d + n * n;
  double* mdm = md + n * n;
  for (int b = 0; b < batch; b++) {
    const int offset = b * n * n;
    load_matrix(m, y + offset, n, n, !adjoint);
    load_matrix(d, dy + offset, n, n, adjoint);
    multiply(md, m, d, n);
    multiply(mdm, md, m, n);
    for (int k = 0; k < n * n; k++) {
      dx[offset + k] = (float)-mdm[k];
    }
  }
}
