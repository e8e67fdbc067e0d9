#include "gauss_jordan.h"

#include "matrix_product.h"

/* Columns eliminated together before the rest of the matrix is updated. */
#define PANEL 8

static int min_int(int a, int b) { return a < b ? a : b; }

/* Rounds a byte count up to whole doubles' alignment. */
static int aligned(int bytes) { return (bytes + 7) & ~7; }

int gauss_jordan_bytes(int n, int k) {
  const int width = n + k;
  return aligned((int)sizeof(GaussJordan)) +
         aligned((int)sizeof(double) * n * width) +
         aligned((int)sizeof(int) * n) + aligned((int)sizeof(double) * n) +
         aligned((int)sizeof(double) * min_int(PANEL, n) * width);
}

GaussJordan* gauss_jordan_init(void* scratch, int n, int k) {
  GaussJordan* g = (GaussJordan*)scratch;
  char* next = (char*)scratch + aligned((int)sizeof(GaussJordan));
  g->n = n;
  g->width = n + k;
  g->a = (double*)next;
  next += aligned((int)sizeof(double) * n * g->width);
  g->pivot_row = (int*)next;
  next += aligned((int)sizeof(int) * n);
  g->pivots = (double*)next;
  next += aligned((int)sizeof(double) * n);
  g->panel_rows = (double*)next;
  return g;
}

void gauss_jordan_load(GaussJordan* g, const float* values, int transpose) {
  load_matrix(g->a, values, g->n, g->width, transpose);
}

void gauss_jordan_load_right_hand_sides(GaussJordan* g, const float* values) {
  const int n = g->n;
  const int k = g->width - n;
  for (int i = 0; i < n; i++) {
    for (int c = 0; c < k; c++) {
      g->a[i * g->width + n + c] = values[i * k + c];
    }
  }
}

/* The first row i >= j with the largest |a[i][j]|, where a NaN wins. */
static int find_pivot_row(const GaussJordan* g, int j) {
  const double* a = g->a;
  int row = j;
  double largest = __builtin_fabs(a[j * g->width + j]);
  for (int i = j + 1; i < g->n; i++) {
    const double v = __builtin_fabs(a[i * g->width + j]);
    if (v > largest || v != v) {
      row = i;
      largest = v;
    }
  }
  return row;
}

/* Swaps rows i and p in the columns [from, to). */
static void swap_rows(GaussJordan* g, int i, int p, int from, int to) {
  if (i == p) {
    return;
  }
  double* ri = g->a + i * g->width;
  double* rp = g->a + p * g->width;
  for (int l = from; l < to; l++) {
    const double t = ri[l];
    ri[l] = rp[l];
    rp[l] = t;
  }
}

/* One row -= l times the pivot row in the columns [k0, k1), l formed by
 * division; no shortcut for l = 0 (0 * NaN must stay NaN). */
static void eliminate_row(double* row, const double* pivot_row, int j,
                          double pivot, int k0, int k1) {
  const double l = row[j] / pivot;
  row[j] = 0;
  for (int c = k0; c < k1; c++) {
    row[c] -= l * pivot_row[c];
  }
}

/* Gauss-Jordan steps k0..k1-1 restricted to the panel columns [k0, k1) and
 * the rows from first_row on. */
static int eliminate_panel(GaussJordan* g, int k0, int k1, int first_row) {
  const int n = g->n;
  const int width = g->width;
  double* a = g->a;
  for (int j = k0; j < k1; j++) {
    const int p = find_pivot_row(g, j);
    swap_rows(g, j, p, first_row == 0 ? 0 : k0, k1);
    double* row_j = a + j * width;
    const double pivot = row_j[j];
    if (pivot == 0 || pivot - pivot != 0) {
      return j + 1;
    }
    g->pivot_row[j] = p;
    g->pivots[j] = pivot;
    row_j[j] = 1;
    for (int i = first_row; i < j; i++) {
      eliminate_row(a + i * width, row_j, j, pivot, k0, k1);
    }
    for (int i = j + 1; i < n; i++) {
      eliminate_row(a + i * width, row_j, j, pivot, k0, k1);
    }
    for (int c = k0; c < k1; c++) {
      row_j[c] /= pivot;
    }
  }
  return 0;
}

/* Moves row k0 + q of A, in the columns [from, to), to row q of the panel
 * rows, leaving zeros for the update to add to. */
static void move_panel_row(GaussJordan* g, int q, int k0, int from, int to) {
  double* row = g->a + (k0 + q) * g->width;
  double* panel_row = g->panel_rows + q * g->width;
  for (int c = from; c < to; c++) {
    panel_row[c] = row[c];
    row[c] = 0;
  }
}

/* Applies the panel's steps to every column outside it: one rank-k update. */
static void update_outside_panel(GaussJordan* g, int k0, int k1,
                                 int first_row) {
  const int n = g->n;
  const int width = g->width;
  const int all_rows = first_row == 0;
  for (int j = k0; j < k1; j++) {
    swap_rows(g, j, g->pivot_row[j], k1, width);
  }
  for (int q = 0; q < k1 - k0; q++) {
    if (all_rows) {
      move_panel_row(g, q, k0, 0, k0);
    }
    move_panel_row(g, q, k0, k1, width);
  }
  if (all_rows) {
    add_product(g->a, g->a, k0, g->panel_rows, 0, width, 0, n, k1 - k0, 0, k0);
  }
  add_product(g->a, g->a, k0, g->panel_rows, 0, width, first_row, n, k1 - k0,
              k1, width);
}

/* All steps, a panel at a time: rows_from 0 eliminates every row, 1 only the
 * rows from the panel down. */
static int eliminate(GaussJordan* g, int rows_from) {
  for (int k0 = 0; k0 < g->n; k0 += PANEL) {
    const int k1 = min_int(k0 + PANEL, g->n);
    const int first_row = rows_from * k0;
    const int info = eliminate_panel(g, k0, k1, first_row);
    if (info != 0) {
      return info;
    }
    if (k1 - k0 < g->width) {
      update_outside_panel(g, k0, k1, first_row);
    }
  }
  return 0;
}

/* Row swaps of the elimination become column swaps of the inverse. */
static void undo_pivoting_as_column_swaps(GaussJordan* g) {
  const int n = g->n;
  for (int j = n - 1; j >= 0; j--) {
    const int p = g->pivot_row[j];
    if (p == j) {
      continue;
    }
    for (int i = 0; i < n; i++) {
      double* row = g->a + i * n;
      const double t = row[j];
      row[j] = row[p];
      row[p] = t;
    }
  }
}

/* X = B for the block upper triangular system gauss_jordan_reduce() leaves. */
static void substitute_backwards(GaussJordan* g) {
  const int n = g->n;
  const int width = g->width;
  double* a = g->a;
  for (int k0 = (n - 1) / PANEL * PANEL; k0 >= 0; k0 -= PANEL) {
    const int k1 = min_int(k0 + PANEL, n);
    for (int i = k0; i < k1; i++) {
      double* row = a + i * width;
      for (int q = k1; q < n; q++) {
        const double u = row[q];
        const double* x_row = a + q * width;
        for (int c = n; c < width; c++) {
          row[c] -= u * x_row[c];
        }
      }
    }
  }
}

int gauss_jordan_invert(GaussJordan* g) {
  const int info = eliminate(g, 0);
  if (info == 0) {
    undo_pivoting_as_column_swaps(g);
  }
  return info;
}

int gauss_jordan_reduce(GaussJordan* g) { return eliminate(g, 1); }

int gauss_jordan_solve(GaussJordan* g) {
  const int info = gauss_jordan_reduce(g);
  if (info == 0) {
    substitute_backwards(g);
  }
  return info;
}
