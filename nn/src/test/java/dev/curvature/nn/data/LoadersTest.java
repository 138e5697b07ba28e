package dev.curvature.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loaders on small files written by the tests. */
class LoadersTest {
    @TempDir
    Path dir;

    private static void writeIdx(Path file, int[] shape, byte[] data) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        if (file.toString().endsWith(".gz")) {
            raw = new GZIPOutputStream(raw);
        }
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x0800 | shape.length);
            for (int s : shape) {
                out.writeInt(s);
            }
            out.write(data);
        }
    }

    @Test
    void idxPlainAndGzipped() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        for (String suffix : new String[] {"", ".gz"}) {
            Path img = dir.resolve("img" + suffix);
            Path lab = dir.resolve("lab" + suffix);
            writeIdx(img, new int[] {3, 2, 2}, pixels);
            writeIdx(lab, new int[] {3}, new byte[] {7, 0, (byte) 9});
            Tensor t = Idx.read(img);
            assertArrayEquals(new int[] {3, 2, 2}, t.shape());
            assertEquals(220, t.get(2, 1, 1), 0);
            Dataset d = Idx.dataset("tiny", img, lab, 10);
            assertArrayEquals(new int[] {3, 1, 2, 2}, d.features().shape());
            assertEquals(220 / 255.0, d.features().get(2, 0, 1, 1), 1e-7);
            assertEquals(9, d.targets().get(2), 0);
        }
    }

    @Test
    void idxRejectsBadMagicAndTruncation() throws IOException {
        Path bad = dir.resolve("bad");
        Files.write(bad, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 5});
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> Idx.read(bad)).getMessage()
                .contains("not an unsigned-byte IDX file"));
        Path cut = dir.resolve("cut");
        writeIdx(cut, new int[] {4}, new byte[] {1, 2});
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> Idx.read(cut)).getMessage()
                .contains("truncated"));
    }

    @Test
    void sklearnCsvLayouts() throws IOException {
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, "0,16,3,1\n4,5,6,0\n");
        Dataset a = SklearnCsv.read(plain, "plain");
        assertEquals(2, a.size());
        assertEquals(3, a.featureSize());
        assertEquals(1, a.targets().get(0), 0);
        assertEquals(2, a.classes());

        Path header = dir.resolve("iris.csv");
        Files.writeString(header, "3,2,setosa,versicolor,virginica\n5.1,3.5,0\n4.9,3.0,1\n6.3,3.3,2\n");
        Dataset b = SklearnCsv.read(header, "iris");
        assertEquals(3, b.size());
        assertEquals(2, b.featureSize());
        assertEquals(3.3, b.features().get(2, 1), 0);
        assertEquals(3, b.classes());

        Path wrong = dir.resolve("wrong.csv");
        Files.writeString(wrong, "5,2,a,b\n1,2,0\n");
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> SklearnCsv.read(wrong, "wrong"))
                .getMessage().contains("header says 5 samples of 2 features, the file has 1 of 2"));

        Path gz = dir.resolve("digits.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("1,2,3\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(3, SklearnCsv.read(gz, "gz").targets().get(0), 0);

        Path fx = dir.resolve("diabetes_data_raw.csv");
        Path fy = dir.resolve("diabetes_target.csv");
        Files.writeString(fx, "59 2 32.1\n48 1 21.6\n");
        Files.writeString(fy, "151\n75\n");
        Dataset c = SklearnCsv.readSeparate(fx, fy, "diabetes");
        assertEquals(21.6, c.features().get(1, 2), 0);
        assertEquals(75, c.targets().get(1), 0);
    }

    @Test
    void shippedDigitsMatchTheFile() {
        Dataset d = Digits.load();
        assertEquals(1797, d.size());
        int[] counts = new int[10];
        for (int i = 0; i < d.size(); i++) {
            counts[(int) d.targets().get(i)]++;
        }
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
    }

    @Test
    void libsvmSparseLines() throws IOException {
        Path f = dir.resolve("heart_scale");
        Files.writeString(f, "+1 1:0.7 3:-1 # comment\n-1 2:0.5\n\n+1 4:1\n");
        Dataset d = LibSvm.read(f, "heart");
        assertEquals(3, d.size());
        assertEquals(4, d.featureSize());
        assertEquals(-1, d.features().get(0, 2), 0);
        assertEquals(0, d.features().get(0, 1), 0);
        assertEquals(1, d.targets().get(0), 0);
        assertEquals(0, d.targets().get(1), 0);
        assertEquals(2, d.classes());
        assertEquals(6, LibSvm.read(f, "heart", 6).featureSize());
    }

    @Test
    void greyPng() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(2, 1, 0, 255);
        img.getRaster().setSample(0, 1, 0, 51);
        Path f = dir.resolve("g.png");
        ImageIO.write(img, "png", f.toFile());
        Tensor t = GreyImage.read(f);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(1.0, t.get(1, 2), 0);
        assertEquals(0.2, t.get(1, 0), 1e-12);
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        assertEquals(0.299, GreyImage.of(rgb).get(0, 0), 1e-12);
    }

    @Test
    void characterVocabularyWindowsAndSampler() {
        CharText t = CharText.read("t", new ByteArrayInputStream("abcabcé\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(5, t.vocabularySize());
        assertEquals(8, t.length());
        assertEquals("abcabcé\n", t.decode(t.tokens()));
        assertEquals(0, t.encode('\n'));
        Dataset w = t.windows(0, 8, 3);
        assertEquals(2, w.size());
        assertEquals(t.encode('b'), w.features().get(0, 1), 0);
        assertEquals(t.encode('c'), w.targets().get(0, 1), 0);

        TextBatches a = new TextBatches("t", t.tokens(), 4, 3, 9);
        TextBatches b = new TextBatches("t", t.tokens(), 4, 3, 9);
        Tensor x1 = Tensor.zeros(DType.F32, 4, 3);
        Tensor y1 = Tensor.zeros(DType.F32, 4, 3);
        Tensor x2 = Tensor.zeros(DType.F32, 4, 3);
        Tensor y2 = Tensor.zeros(DType.F32, 4, 3);
        a.next(x1, y1);
        byte[] snap = a.snapshot();
        a.next(x1, y1);
        b.restore(snap);
        b.next(x2, y2);
        assertArrayEquals(x1.toDoubleArray(), x2.toDoubleArray());
        int[] tok = t.tokens();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(y1.get(r, c), x1.get(r, c + 1), 0, "targets are inputs shifted by one");
            }
            // Each row is a window of the text.
            int start = -1;
            for (int s = 0; s + 3 < tok.length && start < 0; s++) {
                if (tok[s] == x1.get(r, 0) && tok[s + 1] == x1.get(r, 1) && tok[s + 2] == x1.get(r, 2)
                        && tok[s + 3] == y1.get(r, 2)) {
                    start = s;
                }
            }
            assertTrue(start >= 0, "row " + r + " is a window of the text");
        }
    }

    @Test
    void batchesShuffleWithASeedAndResume() {
        Dataset d = Digits.load().slice(0, 20);
        Batches a = new Batches(d, 6, 3);
        Batches b = new Batches(d, 6, 3);
        Tensor x = Tensor.zeros(DType.F32, 6, 64);
        Tensor y = Tensor.zeros(DType.F32, 6);
        Tensor x2 = Tensor.zeros(DType.F32, 6, 64);
        Tensor y2 = Tensor.zeros(DType.F32, 6);
        a.next(x, y);
        b.next(x2, y2);
        assertArrayEquals(y.toDoubleArray(), y2.toDoubleArray());
        for (int i = 0; i < 5; i++) {
            a.next(x, y);
        }
        assertEquals(1, a.epoch(), "3 batches of 6 per epoch of 20 (the remainder dropped)");
        Batches c = new Batches(d, 6, 3);
        c.restore(a.snapshot());
        a.next(x, y);
        c.next(x2, y2);
        assertArrayEquals(x.toDoubleArray(), x2.toDoubleArray());
    }

    @Test
    void missingSetNamesTheInstallScript() {
        String old = System.getProperty(Datasets.DATA_PROPERTY);
        System.setProperty(Datasets.DATA_PROPERTY, dir.resolve("nothing").toString());
        try {
            Datasets.MissingDataException e = assertThrows(Datasets.MissingDataException.class,
                    () -> Datasets.text("moby-dick"));
            assertTrue(e.getMessage().contains("scripts/install-datasets.sh moby-dick"), e.getMessage());
            Datasets.MissingDataException m = assertThrows(Datasets.MissingDataException.class,
                    () -> Datasets.images("mnist"));
            assertTrue(m.getMessage().contains("scripts/install-datasets.sh mnist"), m.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Datasets.DATA_PROPERTY);
            } else {
                System.setProperty(Datasets.DATA_PROPERTY, old);
            }
        }
    }
}
