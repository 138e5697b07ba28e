package dev.curvature.bench.phase;

import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;

/**
 * Phase retrieval f(x) = ¼Σ(y_i² − (a_iᵀx)²)² over given data, as a {@link Problem} on one float64
 * block, through {@link PhaseRetrievalKernel}: the minimal wrapper the benchmark needs to run
 * Lanczos on its Hessian-vector products.
 */
final class PhaseRetrievalBenchProblem implements Problem {
    private final PhaseRetrievalKernel kernel;
    private final Tensor x0;

    PhaseRetrievalBenchProblem(PhaseRetrievalKernel kernel, double[] x0) {
        this.kernel = kernel;
        this.x0 = Tensor.wrap(x0.clone(), x0.length);
    }

    @Override
    public String name() {
        return "phase_retrieval_bench";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        return Blocks.single(x0.copy());
    }

    @Override
    public double value(Blocks x) {
        return kernel.value(array(x));
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        return kernel.valueAndGradient(array(x), array(grad));
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        kernel.hessianVectorProduct(array(x), array(v), array(out));
    }

    /** The block's array: the benchmark's blocks are contiguous float64 tensors at offset 0. */
    private static double[] array(Blocks b) {
        Tensor t = b.tensor(0);
        if (!t.isContiguous() || t.offset() != 0) {
            throw new IllegalArgumentException("phase retrieval bench: expected a contiguous block at offset 0");
        }
        return t.doubleData();
    }
}
