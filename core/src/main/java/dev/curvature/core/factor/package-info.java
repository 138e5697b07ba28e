/**
 * The results of matrix factorizations ({@link dev.curvature.core.factor.QR},
 * {@link dev.curvature.core.factor.SVD}, {@link dev.curvature.core.factor.Eigh}) and the failure of
 * a Cholesky factorization. They sit below both the backends that compute them and
 * {@code dev.curvature.core.linalg}, which hands them to users, so neither package depends on the
 * other's internals through them.
 */
package dev.curvature.core.factor;
