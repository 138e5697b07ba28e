package dev.curvature.core.factor;

import dev.curvature.core.Tensor;

/**
 * Thin QR factorization A = Q·R of an m×n matrix, p = min(m, n): Q is m×p with orthonormal
 * columns, R is p×n upper triangular. Householder reflections (LAPACK geqrf + orgqr).
 */
public record QR(Tensor q, Tensor r) {}
