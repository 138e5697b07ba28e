package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.io.Npy;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.spectral.Polar;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curvature polar}: results against hand-derived polar factors, dtypes, shapes and exit codes. */
class PolarCommandTest {

    /** X = R(θ)·diag(2, 0.1)·R(φ)ᵀ has polar factor R(θ)·R(φ)ᵀ = R(θ − φ). */
    @Test
    void reportsThePolarErrorAndSingularValueRangeItAchieved(@TempDir Path dir) throws Exception {
        // diag(3, 4) normalised by its Frobenius norm is diag(0.6, 0.8); Muon's quintic
        // p(x) = 3.4445x − 4.7750x³ + 2.0315x⁵ five times maps them to the values below, and the exact
        // polar factor is the identity, so the error is ‖diag(p⁵(0.6) − 1, p⁵(0.8) − 1)‖_F/√2.
        double lo = 0.6;
        double hi = 0.8;
        for (int k = 0; k < 5; k++) {
            lo = 3.4445 * lo - 4.7750 * lo * lo * lo + 2.0315 * Math.pow(lo, 5);
            hi = 3.4445 * hi - 4.7750 * hi * hi * hi + 2.0315 * Math.pow(hi, 5);
        }
        double error = Math.sqrt(((lo - 1) * (lo - 1) + (hi - 1) * (hi - 1)) / 2);
        Path in = dir.resolve("d.npy");
        Npy.write(in, Tensor.matrix(DType.F64, new double[][] {{3, 0}, {0, 4}}));
        Cli r = Cli.run("polar", "--method", "ns5", "--in", in.toString(), "--out", dir.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.transcript());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "polar error (\\S+) \\(.*\\); singular values of Y in \\[(\\S+), (\\S+)\\]").matcher(r.out());
        assertTrue(m.find(), r.transcript());
        assertEquals(error, Double.parseDouble(m.group(1)), 1e-3 * error, r.out());
        assertEquals(lo, Double.parseDouble(m.group(2)), 1e-3 * lo, r.out());
        assertEquals(hi, Double.parseDouble(m.group(3)), 1e-3 * hi, r.out());
    }

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
    void outThatIsAFifoADeviceADirectoryOrASymlinkIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.matrix(DType.F64, new double[][] {{1, 2}, {3, 4}}));
        Path fifo = dir.resolve("fifo");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        Path target = dir.resolve("target.npy");
        Files.writeString(target, "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), target);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        record Case(Path out, String kind) {}
        for (Case c : List.of(new Case(fifo, "it is a FIFO, socket or device, not a regular file"),
                new Case(Path.of("/dev/full"), "it is a FIFO, socket or device, not a regular file"),
                new Case(sub, "it is a directory, not a regular file"),
                new Case(link, "it is a symbolic link (to " + target + "; name the target itself to write there), "
                        + "not a regular file"))) {
            if (!Files.exists(c.out(), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Cli r = Cli.run("polar", "-m", "svd", "-i", in.toString(), "-o", c.out().toString());
            assertEquals(2, r.code(), r.transcript());
            assertEquals("curvature polar: cannot write --out " + c.out() + ": " + c.kind() + "; results are written "
                    + "only to regular files or new paths, by replacing them atomically", r.err().strip());
        }
        assertTrue(Files.isSymbolicLink(link) && Files.readString(target).equals("keep"), "link and target untouched");
        assertTrue(Files.isDirectory(sub) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "left as they were");
        assertTrue(Files.exists(Path.of("/dev/full")) && !Files.isRegularFile(Path.of("/dev/full")), "/dev/full");
    }

    @Test
    void integerAndBoolInputsComeBackAsFloat64AsTheHelpSays(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("i.npy");
        Files.write(in, npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }",
                new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0}));
        Path out = dir.resolve("o.npy");
        Cli r = Cli.run("polar", "-m", "svd", "-i", in.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.transcript());
        assertEquals(DType.F64, Npy.read(out).dtype());
        assertArrayEquals(new double[] {1, 0, 0, 1}, Npy.read(out).toDoubleArray());
        String help = Cli.run("polar", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("float32 input in float32; float64, integer and bool input in float64"), help);
        assertTrue(help.contains("float32 for a float32 input, else float64"), help);
    }

    @Test
    void emptyRowAndColumnShapedAndNonFiniteInputsGiveEmptyUnitOrRefusedResults(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("o.npy");
        for (int[] shape : new int[][] {{0, 3}, {3, 0}, {0, 2, 2}, {2, 0, 3}}) {
            Path in = dir.resolve("e.npy");
            Npy.write(in, Tensor.zeros(DType.F32, shape));
            Cli r = Cli.run("polar", "-m", "ns5", "-i", in.toString(), "-o", out.toString());
            assertEquals(0, r.code(), r.transcript());
            assertArrayEquals(shape, Npy.read(out).shape());
        }
        for (String method : Polar.names()) {
            for (int[] shape : new int[][] {{1, 5}, {5, 1}}) {
                Path in = dir.resolve("v.npy");
                Npy.write(in, Tensor.zeros(DType.F64, shape).fill(-3));
                Cli r = Cli.run("polar", "-m", method, "-i", in.toString(), "-o", out.toString());
                assertEquals(0, r.code(), r.transcript());
                Tensor y = Npy.read(out);
                assertArrayEquals(shape, y.shape());
                // polar of a row or column is the unit vector x/‖x‖ (Newton–Schulz: close to it)
                double tol = method.equals("svd") || method.equals("qdwh") ? 1e-12 : 0.35;
                assertEquals(-1 / Math.sqrt(5), y.getFlat(0), tol / Math.sqrt(5), method + " " + shape[0]);
            }
        }
        Path scalar = dir.resolve("s.npy");
        Npy.write(scalar, Tensor.zeros(DType.F64));
        Cli r = Cli.run("polar", "-m", "svd", "-i", scalar.toString(), "-o", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertEquals("curvature polar: " + scalar + " holds an array of shape []; needs a matrix (2 or more dimensions)",
                r.err().strip());
        Path inf = dir.resolve("inf.npy");
        Npy.write(inf, Tensor.matrix(DType.F32, new double[][] {{1, Double.POSITIVE_INFINITY}}));
        r = Cli.run("polar", "-m", "qdwh", "-i", inf.toString(), "-o", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertEquals("curvature polar: " + inf + ": qdwh: the [1, 2] input contains NaN or infinite entries; its polar "
                + "factor is undefined", r.err().strip());
    }

    @Test
    void anInputAboveTheElementLimitIsRefusedWithTheLimitsName(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("huge.npy");
        Files.write(in, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 40000), }",
                new byte[4096]));
        Cli r = Cli.run("polar", "-m", "svd", "-i", in.toString(), "-o", dir.resolve("o.npy").toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().startsWith("curvature polar: cannot read " + in + ": " + in + " (shape [40000, 40000]) "
                + "needs 1600000000 elements in one array, above the limit of 268435456 (limit 'elements'; raise it "
                + "with --limit elements=N"), r.transcript());
    }

    @Test
    void extremeButFiniteEntriesGiveTheSamePolarFactorAsOrdinaryOnes(@TempDir Path dir) throws Exception {
        double[][] base = {{3, 1, 0}, {1, 2, 1}};
        Map<String, Tensor> atOne = new HashMap<>();
        for (double s : new double[] {1, 1e-310, 1e-30, 1.7e308 / 3}) {
            double[][] x = new double[2][3];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    x[i][j] = base[i][j] * s;
                }
            }
            Path in = dir.resolve("x.npy");
            Npy.write(in, Tensor.matrix(DType.F64, x));
            for (String method : Polar.names()) {
                Path out = dir.resolve(method + "-" + s + ".npy");
                Cli r = Cli.run("polar", "-m", method, "-i", in.toString(), "-o", out.toString());
                assertEquals(0, r.code(), r.transcript());
                Tensor y = Npy.read(out);
                Tensor ref = atOne.computeIfAbsent(method, k -> y);
                for (int i = 0; i < 6; i++) {
                    assertEquals(ref.getFlat(i), y.getFlat(i), 1e-4, method + " at scale " + s + ": " + y);
                }
            }
        }
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

    /** A version 1.0 .npy file with the given header dictionary and data bytes. */
    private static byte[] npy(String dict, byte[] data) {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    private static double[][] rot(double a) {
        return new double[][] {{Math.cos(a), -Math.sin(a)}, {Math.sin(a), Math.cos(a)}};
    }
}
