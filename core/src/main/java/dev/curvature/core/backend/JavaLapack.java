package dev.curvature.core.backend;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.factor.NotPositiveDefiniteException;
import dev.curvature.core.factor.QR;
import dev.curvature.core.factor.SVD;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.SingularOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F32;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F32;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F32;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Factorizations for the Java backend, delegated to EJML (a well-kept pure-Java library whose
 * factorizations are fast enough off the hot path). Inputs are contiguous row-major tensors; EJML's
 * row-major matrices take a copy of their data, so the input is never modified.
 */
final class JavaLapack {
    private JavaLapack() {}

    static QR qr(Tensor a) {
        int m = a.rows();
        int n = a.cols();
        if (a.dtype() == DType.F64) {
            QRDecomposition<DMatrixRMaj> dec = DecompositionFactory_DDRM.qr(m, n);
            if (!dec.decompose(toEjml64(a))) {
                throw new ArithmeticException("QR of a " + m + "x" + n + " matrix failed");
            }
            return new QR(fromEjml(dec.getQ(null, true)), fromEjml(dec.getR(null, true)));
        }
        QRDecomposition<FMatrixRMaj> dec = DecompositionFactory_FDRM.qr(m, n);
        if (!dec.decompose(toEjml32(a))) {
            throw new ArithmeticException("QR of a " + m + "x" + n + " matrix failed");
        }
        return new QR(fromEjml(dec.getQ(null, true)), fromEjml(dec.getR(null, true)));
    }

    static Tensor cholesky(Tensor a) {
        int n = a.rows();
        Tensor l;
        if (a.dtype() == DType.F64) {
            CholeskyDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.chol(n, true);
            if (!dec.decompose(toEjml64(symmetricFromLower(a)))) {
                throw new NotPositiveDefiniteException(n);
            }
            l = fromEjml(dec.getT(null));
        } else {
            CholeskyDecomposition_F32<FMatrixRMaj> dec = DecompositionFactory_FDRM.chol(n, true);
            if (!dec.decompose(toEjml32(symmetricFromLower(a)))) {
                throw new NotPositiveDefiniteException(n);
            }
            l = fromEjml(dec.getT(null));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                l.set(0.0, i, j);
            }
        }
        return l;
    }

    static Eigh eigh(Tensor a) {
        int n = a.rows();
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        if (a.dtype() == DType.F64) {
            EigenDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.eig(n, true, true);
            if (!dec.decompose(toEjml64(symmetricFromLower(a)))) {
                throw new ArithmeticException("symmetric eigendecomposition of a " + n + "x" + n + " matrix failed");
            }
            for (int i = 0; i < n; i++) {
                values[i] = dec.getEigenvalue(i).real;
                vectors[i] = dec.getEigenVector(i).data.clone();
            }
        } else {
            EigenDecomposition_F32<FMatrixRMaj> dec = DecompositionFactory_FDRM.eig(n, true, true);
            if (!dec.decompose(toEjml32(symmetricFromLower(a)))) {
                throw new ArithmeticException("symmetric eigendecomposition of a " + n + "x" + n + " matrix failed");
            }
            for (int i = 0; i < n; i++) {
                values[i] = dec.getEigenvalue(i).real;
                float[] v = dec.getEigenVector(i).data;
                vectors[i] = IntStream.range(0, n).mapToDouble(j -> v[j]).toArray();
            }
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        Tensor w = Tensor.zeros(a.dtype(), n);
        Tensor v = Tensor.zeros(a.dtype(), n, n);
        for (int c = 0; c < n; c++) {
            int src = order[c];
            w.set(values[src], c);
            for (int r = 0; r < n; r++) {
                v.set(vectors[src][r], r, c);
            }
        }
        return new Eigh(w, v);
    }

    static SVD svd(Tensor a) {
        int m = a.rows();
        int n = a.cols();
        int p = Math.min(m, n);
        Tensor u;
        Tensor vt;
        Tensor s = Tensor.zeros(a.dtype(), p);
        if (a.dtype() == DType.F64) {
            SingularValueDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.svd(m, n, true, true, true);
            if (!dec.decompose(toEjml64(a))) {
                throw new ArithmeticException("SVD of a " + m + "x" + n + " matrix did not converge");
            }
            DMatrixRMaj um = dec.getU(null, false);
            DMatrixRMaj wm = dec.getW(null);
            DMatrixRMaj vtm = dec.getV(null, true);
            SingularOps_DDRM.descendingOrder(um, false, wm, vtm, true);
            u = fromEjml(um);
            vt = fromEjml(vtm);
            for (int i = 0; i < p; i++) {
                s.set(wm.get(i, i), i);
            }
        } else {
            SingularValueDecomposition_F32<FMatrixRMaj> dec = DecompositionFactory_FDRM.svd(m, n, true, true, true);
            if (!dec.decompose(toEjml32(a))) {
                throw new ArithmeticException("SVD of a " + m + "x" + n + " matrix did not converge");
            }
            FMatrixRMaj um = dec.getU(null, false);
            FMatrixRMaj wm = dec.getW(null);
            FMatrixRMaj vtm = dec.getV(null, true);
            SingularOps_FDRM.descendingOrder(um, false, wm, vtm, true);
            u = fromEjml(um);
            vt = fromEjml(vtm);
            for (int i = 0; i < p; i++) {
                s.set(wm.get(i, i), i);
            }
        }
        return new SVD(u, s, vt);
    }

    /**
     * A copy of the square matrix {@code a} with its strict upper triangle replaced by the mirror
     * of the lower one. The contract of cholesky and eigh is that only the lower triangle is read
     * (as LAPACK does with uplo = 'L'), whereas EJML reads both triangles.
     */
    private static Tensor symmetricFromLower(Tensor a) {
        Tensor s = a.copy();
        int n = a.rows();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s.set(s.get(j, i), i, j);
            }
        }
        return s;
    }

    private static DMatrixRMaj toEjml64(Tensor a) {
        return new DMatrixRMaj(a.rows(), a.cols(), true, a.toDoubleArray());
    }

    private static FMatrixRMaj toEjml32(Tensor a) {
        return new FMatrixRMaj(a.rows(), a.cols(), true, a.toFloatArray());
    }

    private static Tensor fromEjml(DMatrixRMaj m) {
        return Tensor.wrap(Arrays.copyOf(m.data, m.numRows * m.numCols), m.numRows, m.numCols);
    }

    private static Tensor fromEjml(FMatrixRMaj m) {
        return Tensor.wrap(Arrays.copyOf(m.data, m.numRows * m.numCols), m.numRows, m.numCols);
    }
}
