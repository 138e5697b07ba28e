package dev.curvature.core.factor;

import dev.curvature.core.Tensor;

/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ of an m×n matrix, p = min(m, n): U is m×p,
 * {@code s} holds the p singular values in descending order, Vᵀ is p×n (LAPACK gesdd).
 */
public record SVD(Tensor u, Tensor s, Tensor vt) {}
