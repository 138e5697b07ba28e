package dev.curvature.optim.saddle;

import dev.curvature.optim.Blocks;

/**
 * A problem whose Hessian spectrum is known in closed form, so that λ_min(∇²f(x)) can be computed
 * exactly at any dimension (the diagnostics module's {@code SospCertificate} monitor prefers it to a dense
 * eigendecomposition when the dimension is large).
 */
public interface HessianSpectrum {

    /** λ_min(∇²f(x)). */
    double minHessianEigenvalue(Blocks x);
}
