/* Gauss-Jordan elimination with partial pivoting on one float64 matrix at a
 * time: src/kernels/shared/gauss_jordan.ts in C, step for step and in the
 * same order of operations, so that the engine's results are those of the
 * JavaScript routine to the bit (the tests check it). The comments there say
 * why each step is as it is. */
#ifndef TFJS_MATRIX_INVERSE_GAUSS_JORDAN_H_
#define TFJS_MATRIX_INVERSE_GAUSS_JORDAN_H_

typedef struct {
  int n;
  /* Entries per row of the work matrix [A | B]: n + k. */
  int width;
  double* a;
  /* pivot_row[j]: the row swapped with row j at step j. */
  int* pivot_row;
  /* pivots[j]: the pivot of step j, before it divided its row. */
  double* pivots;
  /* The panel's rows as they were before the panel was eliminated. */
  double* panel_rows;
} GaussJordan;

/* Bytes of scratch memory gauss_jordan_init() lays the buffers out in. */
int gauss_jordan_bytes(int n, int k);

/* The buffers for n x n matrices with k right-hand sides, and the struct
 * itself, laid out in `scratch` (8-byte aligned, gauss_jordan_bytes(n, k)
 * bytes): the engine keeps nothing on a stack of its own, which would have
 * to live in memory it does not own. */
GaussJordan* gauss_jordan_init(void* scratch, int n, int k);

/* A = the n x n float32 matrix at values, transposed if asked. */
void gauss_jordan_load(GaussJordan* g, const float* values, int transpose);

/* B = the n x k float32 matrix at values. */
void gauss_jordan_load_right_hand_sides(GaussJordan* g, const float* values);

/* Replaces A by its inverse. Returns 0, or the 1-based step whose pivot was
 * zero or not finite. */
int gauss_jordan_invert(GaussJordan* g);

/* The same steps on the rows from each panel down (block LU). */
int gauss_jordan_reduce(GaussJordan* g);

/* Replaces B by the solution X of A X = B. */
int gauss_jordan_solve(GaussJordan* g);

#endif
