/* Row-major float64 matrices for the engine: loading, the 1-norm and the
 * register-blocked product, with the arithmetic of
 * src/kernels/shared/matrix_product.ts in the same order, so that results
 * agree with the JavaScript routines to the bit. */
#ifndef TFJS_MATRIX_INVERSE_MATRIX_PRODUCT_H_
#define TFJS_MATRIX_INVERSE_MATRIX_PRODUCT_H_

/* out = the n x n float32 matrix at values (transposed if asked), as rows of
 * `width` entries. */
void load_matrix(double* out, const float* values, int n, int width,
                 int transpose);

/* max_j sum_i |a[i][j]| of the n x n matrix a; `sums` holds n entries. A NaN
 * sum makes the norm NaN, as Math.max does. */
double one_norm(const double* a, int n, double* sums);

/* c[i][l] += sum_{q < depth} a[i][a_column + q] * b[b_row + q][l] for rows i
 * in [i0, i1) and columns l in [from, to); every matrix has rows of `stride`
 * entries. c may be a, as long as the columns written are not the columns
 * read. Eight terms are summed, then added: each row gets the same
 * arithmetic whether it is updated in a pair or alone. */
void add_product(double* c, const double* a, int a_column, const double* b,
                 int b_row, int stride, int i0, int i1, int depth, int from,
                 int to);

/* c = a b, n x n. */
void multiply(double* c, const double* a, const double* b, int n);

#endif
