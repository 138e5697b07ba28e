package dev.curvature.core.factor;

import dev.curvature.core.Tensor;

/**
 * Symmetric eigendecomposition A = V·diag(λ)·Vᵀ: {@code values} ascending (λ₁ ≤ … ≤ λₙ), the
 * columns of {@code vectors} orthonormal eigenvectors (LAPACK syevd).
 */
public record Eigh(Tensor values, Tensor vectors) {}
