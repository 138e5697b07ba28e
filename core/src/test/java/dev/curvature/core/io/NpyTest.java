package dev.curvature.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Limit;
import dev.curvature.core.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Npy}: round trips, files written by numpy, malformed files and atomic writes.
 *
 * <p>The fixtures in {@code src/test/resources/npy/} were written once by numpy with
 * {@code make_fixtures.py} next to them; the expected values below repeat what that script wrote.
 */
class NpyTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static long[] bits(Tensor t) {
        return Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    // ------------------------------------------------------------------ round trips

    static Stream<Arguments> roundTripCases() {
        int[][] shapes = {{}, {0}, {5}, {2, 3}, {2, 3, 4}, {0, 3}, {1, 1, 1, 7}};
        return Arrays.stream(DType.values())
                .flatMap(dt -> Arrays.stream(shapes).map(s -> Arguments.of(dt, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("roundTripCases")
    void roundTrip(DType dt, int[] shape) throws IOException {
        Tensor t = Tensor.zeros(dt, shape);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e-40, 1e-310,
            Math.PI, -1.5e30};
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, i < specials.length ? specials[i] : i * 0.37 - 2);
        }
        Path p = dir.resolve("t.npy");
        Npy.write(p, t);
        Tensor back = Npy.read(p);
        assertEquals(dt, back.dtype());
        assertArrayEquals(shape, back.shape());
        assertArrayEquals(bits(t), bits(back));

        // The format: magic, version 1.0, a header padded so that the data start at a multiple of 64.
        byte[] raw = Files.readAllBytes(p);
        assertEquals((byte) 0x93, raw[0]);
        assertEquals("NUMPY", new String(raw, 1, 5, StandardCharsets.ISO_8859_1));
        assertEquals(1, raw[6]);
        assertEquals(0, raw[7]);
        int headerLen = Short.toUnsignedInt(ByteBuffer.wrap(raw, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertEquals(0, (10 + headerLen) % 64, "data offset is not 64-byte aligned");
        assertEquals(10 + headerLen + (long) t.size() * dt.bytes(), raw.length);
        String header = new String(raw, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(header.endsWith("\n"), header);
        assertTrue(header.contains(dt == DType.F32 ? "'<f4'" : "'<f8'"), header);
        String expectedShape = shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.toString(shape).replace('[', '(').replace(']', ')');
        assertTrue(header.contains("'shape': " + expectedShape), header);

        // Streams work the same way.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        assertArrayEquals(raw, out.toByteArray());
        assertArrayEquals(bits(t), bits(Npy.read(new ByteArrayInputStream(raw), "memory")));
    }

    @Test
    void writesViewsInRowMajorOrder() throws IOException {
        for (DType dt : DType.values()) {
            Tensor a = Tensor.zeros(dt, 4, 6);
            for (int i = 0; i < a.size(); i++) {
                a.setFlat(i, i);
            }
            Tensor view = a.t().block(1, 1, 4, 2);
            Path p = dir.resolve("view.npy");
            Npy.write(p, view);
            Tensor back = Npy.read(p);
            assertArrayEquals(new int[] {4, 2}, back.shape());
            assertArrayEquals(view.toDoubleArray(), back.toDoubleArray());
        }
    }

    // ------------------------------------------------------------------ files written by numpy

    @Test
    void readsFloat32InCOrder() throws IOException {
        Tensor t = Npy.read(fixture("c_f4_2x3.npy"));
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new double[] {-0.5, -0.25, 0, 0.25, 0.5, 0.75}, t.toDoubleArray());
    }

    @Test
    void readsFloat32InFortranOrder() throws IOException {
        Tensor t = Npy.read(fixture("fortran_f4_3x4.npy"));
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new int[] {3, 4}, t.shape());
        assertTrue(t.isContiguous());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(10 * i + j, t.get(i, j), "element " + i + "," + j);
            }
        }
    }

    @Test
    void readsBigEndianFloat64InBothOrders() throws IOException {
        for (String name : List.of("be_f8_2x3x4.npy", "be_f8_fortran_2x3x4.npy")) {
            Tensor t = Npy.read(fixture(name));
            assertEquals(DType.F64, t.dtype(), name);
            assertArrayEquals(new int[] {2, 3, 4}, t.shape(), name);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(100 * i + 10 * j + k + 0.5, t.get(i, j, k), name + " element " + i + j + k);
                    }
                }
            }
        }
    }

    @Test
    void readsIntegersBooleansScalarsEmptyAndVersion2() throws IOException {
        Tensor i4 = Npy.read(fixture("i4_5.npy"));
        assertEquals(DType.F64, i4.dtype());
        assertArrayEquals(new double[] {-2147483648.0, -1, 0, 1, 2147483647.0}, i4.toDoubleArray());

        Tensor b = Npy.read(fixture("bool_2x2.npy"));
        assertEquals(DType.F64, b.dtype());
        assertArrayEquals(new int[] {2, 2}, b.shape());
        assertArrayEquals(new double[] {1, 0, 0, 1}, b.toDoubleArray());

        assertArrayEquals(new double[] {0, 7, 255}, Npy.read(fixture("u1_3.npy")).toDoubleArray());

        Tensor s = Npy.read(fixture("scalar_f8.npy"));
        assertEquals(0, s.rank());
        assertEquals(Math.PI, s.item());

        Tensor e = Npy.read(fixture("empty_f4.npy"));
        assertEquals(DType.F32, e.dtype());
        assertArrayEquals(new int[] {0}, e.shape());

        Tensor v2 = Npy.read(fixture("v2_f8_1x2.npy"));
        assertArrayEquals(new int[] {1, 2}, v2.shape());
        assertArrayEquals(new double[] {1.5, -2.0}, v2.toDoubleArray());
    }

    // ------------------------------------------------------------------ malformed files

    @Test
    void truncatedFilesAreRejectedNamingTheFile() throws IOException {
        Path good = dir.resolve("good.npy");
        Npy.write(good, Tensor.matrix(DType.F64, new double[][] {{1, 2, 3}, {4, 5, 6}}));
        for (Path source : List.of(good, fixture("be_f8_fortran_2x3x4.npy"), fixture("v2_f8_1x2.npy"))) {
            byte[] raw = Files.readAllBytes(source);
            for (int len = 0; len < raw.length; len++) {
                Path cut = dir.resolve("cut-" + len + ".npy");
                Files.write(cut, Arrays.copyOf(raw, len));
                NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(cut),
                        source.getFileName() + " cut to " + len + " bytes");
                assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
                Files.delete(cut);
            }
        }
    }

    @Test
    void badMagicIsRejectedNamingTheFile() throws IOException {
        byte[] raw = Files.readAllBytes(fixture("c_f4_2x3.npy"));
        for (int i = 0; i < 6; i++) {
            byte[] bad = raw.clone();
            bad[i] ^= 0x20;
            Path p = dir.resolve("bad-" + i + ".npy");
            Files.write(p, bad);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("magic"), e.getMessage());
        }
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "x,y\n1,2\n");
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(text));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    }

    /** A version 1.0 file with the given header dictionary and data bytes. */
    static byte[] npy(String dict, byte[] data) {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    @Test
    void unsupportedContentIsRejectedNamingTheProblem() throws IOException {
        record Bad(String dict, String mention) {}
        List<Bad> cases = List.of(
                new Bad("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "<c16"),
                new Bad("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", "|O"),
                new Bad("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", "<U3"),
                new Bad("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", "<f2"),
                new Bad("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", "descr"),
                new Bad("{'descr': '<f8', 'shape': (1,), }", "fortran_order"),
                new Bad("{'descr': '<f8', 'fortran_order': False, }", "shape"),
                new Bad("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", "'x'"),
                new Bad("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }", "[2, -3]"));
        for (Bad bad : cases) {
            Path p = dir.resolve("unsupported.npy");
            Files.write(p, npy(bad.dict(), new byte[16]));
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p), bad.dict());
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(bad.mention()),
                    e.getMessage());
        }
        byte[] v9 = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        v9[6] = 9;
        Path p = dir.resolve("v9.npy");
        Files.write(p, v9);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
        // Trailing bytes after the data are ignored, as numpy does.
        Path ok = dir.resolve("ok.npy");
        byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).putDouble(-1).array();
        Files.write(ok, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data));
        assertEquals(2.5, Npy.read(ok).item());
    }

    // ------------------------------------------------------------------ sizes promised by the header

    @Test
    void aSmallFileWhoseHeaderPromisesTooManyElementsIsRefusedBeforeAllocating() throws IOException {
        byte[] raw = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 40000), }", new byte[4000]);
        Path p = dir.resolve("huge.npy");
        Files.write(p, raw);
        String expected = p + " (shape [40000, 40000]) needs 1600000000 elements in one array, above the limit of "
                + "268435456 (limit 'elements'; raise it with --limit elements=N";
        Limit.LimitExceededException e = assertThrows(Limit.LimitExceededException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        e = assertThrows(Limit.LimitExceededException.class, () -> Npy.read(new ByteArrayInputStream(raw), "s"));
        assertTrue(e.getMessage().startsWith("s (shape [40000, 40000]) needs 1600000000 elements"), e.getMessage());
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefusedAsAboveTheElementLimit() {
        byte[] raw = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                new byte[8]);
        Limit.LimitExceededException e = assertThrows(Limit.LimitExceededException.class,
                () -> Npy.read(new ByteArrayInputStream(raw), "s"));
        assertTrue(e.getMessage().startsWith("s (shape [4294967296, 4294967296]) needs more than 9.2e18 elements"),
                e.getMessage());
    }

    @Test
    void aTruncatedFileSaysHowManyBytesTheHeaderPromisesAndHowManyItHas() throws IOException {
        byte[] raw = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }", new byte[16]);
        Path p = dir.resolve("short.npy");
        Files.write(p, raw);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertEquals(p + ": truncated: the header promises 8000000 bytes of data ([1000, 1000] of <f8), the file has "
                + "16", e.getMessage());
        e = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(raw), "s"));
        assertEquals("s: truncated: the header promises 8000000 bytes of data ([1000, 1000] of <f8), the file has 16",
                e.getMessage());
    }

    /**
     * Byte counts beyond 2³¹ (which used to fail with "integer overflow"). Reading such a file for
     * real needs a heap of more than 2 GiB, which tests do not get; a file that promises 4 GiB and
     * holds 16 bytes goes through the same long arithmetic, and a stream of it must fail without
     * allocating the promised size.
     */
    @Test
    void dataOfMoreThan2GiBAreCountedInLongsAndNeverAllocatedAhead() throws IOException {
        Limit.ELEMENTS.set(1L << 31);
        try {
            byte[] raw = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741825,), }", new byte[16]);
            Path p = dir.resolve("big.npy");
            Files.write(p, raw);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
            assertEquals(p + ": truncated: the header promises 4294967300 bytes of data ([1073741825] of <f4), "
                    + "the file has 16", e.getMessage());
            e = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(raw), "s"));
            assertTrue(e.getMessage().endsWith("the file has 16"), e.getMessage());
        } finally {
            Limit.ELEMENTS.reset();
        }
    }

    @Test
    void aHeaderLengthOf4GbIsRefusedNamingTheLimit() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(-1);
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(b.array()), "s"));
        assertEquals("s: header length 4294967295 bytes is above the 65536 bytes a .npy header may have here "
                + "(numpy writes a few hundred)", e.getMessage());
    }

    // ------------------------------------------------------------------ atomic writes

    static Tensor sample() {
        return Tensor.matrix(DType.F64, new double[][] {{1, 2}, {3, 4}});
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("out.npy");
        Npy.write(p, sample());
        Npy.write(p, Tensor.vector(9, 8, 7));
        assertArrayEquals(new double[] {9, 8, 7}, Npy.read(p).toDoubleArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
        // A missing directory is an error, not a silent success.
        assertThrows(IOException.class, () -> Npy.write(dir.resolve("missing/out.npy"), sample()));
    }

    @Test
    void writtenFilesHaveTheUsualPermissions() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[1]);
        Path p = dir.resolve("perm.npy");
        Npy.write(p, sample());
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    @Test
    void failedWriteLeavesTheExistingFileIntact() throws IOException {
        Path p = dir.resolve("keep.npy");
        Npy.write(p, sample());
        byte[] before = Files.readAllBytes(p);

        // The target is a non-empty directory: the final rename fails.
        Path asDir = dir.resolve("taken.npy");
        Files.createDirectory(asDir);
        Files.write(asDir.resolve("inside"), new byte[] {1});
        assertThrows(IOException.class, () -> Npy.write(asDir, sample()));
        assertTrue(Files.isDirectory(asDir));

        // The temporary file cannot be created: its name would exceed the 255-byte limit of file
        // names, although the target's own name fits.
        Path longName = dir.resolve("n".repeat(245) + ".npy");
        Files.copy(p, longName);
        byte[] longBefore = Files.readAllBytes(longName);
        assertThrows(IOException.class, () -> Npy.write(longName, Tensor.zeros(DType.F64, 300, 300)));
        assertArrayEquals(longBefore, Files.readAllBytes(longName));

        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(p, asDir, longName), Set.copyOf(files.toList()), "temporary files were left behind");
        }
    }

    /**
     * A folder where writing is refused (permission bits, a read-only file system): the write
     * fails and leaves the existing file and no temporary one. The refusal comes from
     * {@link WriteGate}, so that it happens as root too, whom permission bits do not stop.
     */
    @Test
    void writeIntoAnUnwritableDirectoryFailsAndKeepsTheFile() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path p = ro.resolve("keep.npy");
        Npy.write(p, sample());
        byte[] before = Files.readAllBytes(p);
        try (WriteGate.Installed _ = WriteGate.install((op, path) -> {
            if (path.startsWith(ro)) {
                throw new AccessDeniedException(path.toString());
            }
        })) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> Npy.write(p, Tensor.vector(1, 2, 3)));
            assertTrue(e.getFile().startsWith(ro.toString()), e.getFile());
        }
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(ro)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void readFromAStreamNamesTheSource() {
        InputStream in = new ByteArrayInputStream(new byte[] {(byte) 0x93, 'N', 'U'});
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(in, "layer3/weights"));
        assertTrue(e.getMessage().contains("layer3/weights"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
