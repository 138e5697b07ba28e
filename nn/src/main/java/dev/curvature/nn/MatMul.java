package dev.curvature.nn;

import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;

/** C = A·B for matrices A [m, k] and B [k, n]; dA += dC·Bᵀ, dB += Aᵀ·dC (GEMMs on the backend). */
final class MatMul extends Node {
    MatMul(Node a, Node b) {
        super("matmul", Tensor.zeros(a.value().dtype(), a.shape()[0], b.shape()[1]), anyRequiresGrad(a, b), a, b);
    }

    @Override
    protected void forward() {
        Linalg.gemm(1.0, inputs[0].value(), inputs[1].value(), 0.0, value);
    }

    @Override
    protected void backward() {
        Node a = inputs[0];
        Node b = inputs[1];
        if (a.requiresGrad()) {
            Linalg.gemm(1.0, grad, b.value().t(), 1.0, a.grad());
        }
        if (b.requiresGrad()) {
            Linalg.gemm(1.0, a.value().t(), grad, 1.0, b.grad());
        }
    }
}
