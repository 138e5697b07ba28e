package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.io.Npy;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.spectral.Polar;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curvature polar}: results against hand-derived polar factors, dtypes, shapes and exit codes. */
class PolarCommandTest {

    /** X = R(θ)·diag(2, 0.1)·R(φ)ᵀ has polar factor R(θ)·R(φ)ᵀ = R(θ − φ). */
    @Test
    void exactEnginesReturnTheRotationOfAKnownDecomposition(@TempDir Path dir) throws Exception {
        double th = 0.7;
        double ph = -0.4;
        double[][] r1 = rot(th);
        double[][] r2 = rot(ph);
        double[] s = {2.0, 0.1};
        double[][] x = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    x[i][j] += r1[i][k] * s[k] * r2[j][k];
                }
            }
        }
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.matrix(DType.F64, x));
        double[][] expected = rot(th - ph);
        for (String method : new String[] {"svd", "qdwh"}) {
            Path out = dir.resolve(method + ".npy");
            Cli r = Cli.run("polar", "--method", method, "--in", in.toString(), "--out", out.toString());
            assertEquals(0, r.code(), r.transcript());
            assertTrue(r.out().startsWith("polar: " + method + " on [2, 2] f64"), r.transcript());
            Tensor y = Npy.read(out);
            assertEquals(DType.F64, y.dtype());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(expected[i][j], y.get(i, j), 1e-12, method + " (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void float32InGivesFloat32OutAndNewtonSchulzApproachesTheExactFactor(@TempDir Path dir) throws Exception {
        Tensor x = RandomStream.of(5).fillNormal(Tensor.zeros(DType.F32, 48, 80), 0, 1);
        Path in = dir.resolve("x.npy");
        Npy.write(in, x);
        Path exact = dir.resolve("svd.npy");
        Path approx = dir.resolve("pe.npy");
        assertEquals(0, Cli.run("polar", "-m", "svd", "-i", in.toString(), "-o", exact.toString()).code());
        Cli r = Cli.run("polar", "-m", "polar_express", "--steps", "8", "-i", in.toString(), "-o", approx.toString());
        assertEquals(0, r.code(), r.transcript());
        Tensor u = Npy.read(exact);
        Tensor p = Npy.read(approx);
        assertEquals(DType.F32, u.dtype());
        assertEquals(DType.F32, p.dtype());
        assertArrayEquals(new int[] {48, 80}, p.shape());
        // Rows of U·Vᵀ (wide, full row rank) are orthonormal.
        for (int i = 0; i < 48; i += 7) {
            double n2 = 0;
            for (int j = 0; j < 80; j++) {
                n2 += u.get(i, j) * u.get(i, j);
            }
            assertEquals(1.0, n2, 1e-5);
        }
        double err = 0;
        for (int i = 0; i < 48; i++) {
            for (int j = 0; j < 80; j++) {
                double d = p.get(i, j) - u.get(i, j);
                err += d * d;
            }
        }
        // Polar Express leaves singular values within its final deviation of 1 (measured 0.052 here); a
        // transposed or mis-scaled result would be off by O(1).
        assertTrue(Math.sqrt(err / 48) < 0.1, "polar error of 8 Polar Express steps: " + Math.sqrt(err / 48));
    }

    @Test
    void anNdArrayIsTreatedAsItsFirstAxisByTheRestAndKeepsItsShape(@TempDir Path dir) throws Exception {
        Tensor x = RandomStream.of(2).fillNormal(Tensor.zeros(DType.F64, 4, 3, 2), 0, 1);
        Path in = dir.resolve("k.npy");
        Npy.write(in, x);
        Path out = dir.resolve("o.npy");
        assertEquals(0, Cli.run("polar", "-m", "svd", "-i", in.toString(), "-o", out.toString()).code());
        Tensor y = Npy.read(out);
        assertArrayEquals(new int[] {4, 3, 2}, y.shape());
        Tensor m = y.reshape(4, 6);
        double dot = 0;
        for (int j = 0; j < 6; j++) {
            dot += m.get(0, j) * m.get(1, j);
        }
        assertEquals(0.0, dot, 1e-12, "rows of the 4×6 polar factor are orthogonal");
    }

    @Test
    void badMethodOrFileExitsWithTwo(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.matrix(DType.F64, new double[][] {{1, 2}, {3, 4}}));
        Path out = dir.resolve("y.npy");
        Cli r = Cli.run("polar", "--method", "newton", "--in", in.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("unknown method 'newton' (known: svd, qdwh, ns5"), r.transcript());
        r = Cli.run("polar", "--method", "svd", "--in", dir.resolve("missing.npy").toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("no such file"), r.transcript());
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "not a numpy file");
        r = Cli.run("polar", "--method", "svd", "--in", junk.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("cannot read"), r.transcript());
        Path vec = dir.resolve("v.npy");
        Npy.write(vec, Tensor.vector(1, 2, 3));
        r = Cli.run("polar", "--method", "svd", "--in", vec.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("needs a matrix"), r.transcript());
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, Tensor.matrix(DType.F64, new double[][] {{1, Double.NaN}, {3, 4}}));
        r = Cli.run("polar", "--method", "ns5", "--in", nan.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("NaN"), r.transcript());
        r = Cli.run("polar", "--method", "svd", "--in", in.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(!Files.exists(out), "nothing was written");
    }

    @Test
    void helpListsTheMethodsWithExamples() {
        Cli r = Cli.run("polar", "--help");
        assertEquals(0, r.code(), r.transcript());
        assertTrue(r.out().contains("curvature polar --method svd --in grad.npy --out polar.npy"), r.transcript());
        assertTrue(r.out().contains("turbo_muon"), r.transcript());
        for (String name : Polar.names()) {
            assertTrue(r.out().contains(name), r.transcript());
        }
        assertTrue(r.out().contains("Methods: svd, qdwh (exact); ns5, muon_plus"), r.transcript());
        assertTrue(Cli.run("--help").out().contains("polar"));
    }

    private static double[][] rot(double a) {
        return new double[][] {{Math.cos(a), -Math.sin(a)}, {Math.sin(a), Math.cos(a)}};
    }
}
