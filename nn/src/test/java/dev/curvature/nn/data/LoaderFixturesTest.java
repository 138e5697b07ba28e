package dev.curvature.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curvature.core.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every data-set reader on a tiny shipped file ({@code fixtures/}, written by its
 * {@code make_fixtures.py} from formulas), loaded through the path users take: the installed
 * sets by name from the data folder ({@link Datasets#DATA_PROPERTY}), the file formats through
 * their public readers. The expected values follow from the formulas by hand, so these tests
 * need no installed data; {@link InstalledDataTest} adds the facts of the real sets where present.
 */
class LoaderFixturesTest {
    /** float32 pixels scaled by 1/255 in float32: a few roundings of relative size 2^-24 each. */
    private static final double F32 = 1e-6;

    private static Path fixtures() {
        try {
            return Path.of(LoaderFixturesTest.class.getResource("fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads with the data folder set to the fixtures, as {@code CURVATURE_DATA} would. */
    private static <T> T fromDataFolder(Supplier<T> load) {
        String old = System.getProperty(Datasets.DATA_PROPERTY);
        System.setProperty(Datasets.DATA_PROPERTY, fixtures().toString());
        try {
            return load.get();
        } finally {
            if (old == null) {
                System.clearProperty(Datasets.DATA_PROPERTY);
            } else {
                System.setProperty(Datasets.DATA_PROPERTY, old);
            }
        }
    }

    /** Pixel (r, c) of image i in the fixtures: (37 i + 11 r + 5 c) mod 256, scaled to [0, 1]. */
    private static double pixel(int i, int r, int c) {
        return ((37 * i + 11 * r + 5 * c) % 256) / 255.0;
    }

    private static void assertIdxSplit(Datasets.Split s, String name) {
        assertEquals(name, s.train().name());
        assertEquals(Tensor.shapeString(3, 1, 28, 28), Tensor.shapeString(s.train().features().shape()));
        assertEquals(Tensor.shapeString(2, 1, 28, 28), Tensor.shapeString(s.test().features().shape()));
        assertEquals(10, s.train().classes());
        assertArrayEquals(new double[] {7, 0, 9}, s.train().targets().toDoubleArray());
        assertArrayEquals(new double[] {3, 5}, s.test().targets().toDoubleArray());
        for (int[] at : new int[][] {{0, 0, 0}, {0, 27, 27}, {1, 0, 4}, {2, 13, 7}, {2, 27, 0}}) {
            assertEquals(pixel(at[0], at[1], at[2]), s.train().features().get(at[0], 0, at[1], at[2]), F32,
                    () -> "train pixel " + java.util.Arrays.toString(at));
        }
        assertEquals(pixel(1, 20, 3), s.test().features().get(1, 0, 20, 3), F32);
        // 37 + 11·20 + 5·3 = 272 wraps to 16: bytes are unsigned, not sign-extended.
        assertEquals(16 / 255.0, s.test().features().get(1, 0, 20, 3), F32);
    }

    @Test
    void mnistLoadsByNameFromTheDataFolder() {
        assertIdxSplit(fromDataFolder(() -> Datasets.images("mnist")), "mnist");
    }

    @Test
    void gzippedFashionMnistLoadsByNameFromTheDataFolder() {
        assertIdxSplit(fromDataFolder(() -> Datasets.images("fashion-mnist")), "fashion-mnist");
    }

    @Test
    void mobyDickLoadsByNameFromTheDataFolder() {
        CharText t = fromDataFolder(() -> Datasets.text("moby-dick"));
        String expected = "Call me Ishmael. Some years ago\u2014never mind how long precisely\u2014having little "
                + "or no money in my purse, and nothing particular to interest me on shore\n";
        assertEquals(expected.length(), t.length());
        assertEquals(148, t.length());
        assertEquals(expected.chars().distinct().count(), t.vocabularySize());
        assertEquals(expected, t.decode(t.tokens()));
    }

    @Test
    void libsvmFileIsReadDenselyWithSortedLabelsAsClasses() {
        Dataset d = LibSvm.read(fixtures().resolve("sparse.libsvm"), "sparse");
        assertEquals(Tensor.shapeString(3, 3), Tensor.shapeString(d.features().shape()));
        assertArrayEquals(new double[] {0.5, 0, -2, 0, 1.25, 0, 1, 2, 3}, d.features().toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 1}, d.targets().toDoubleArray()); // -1 -> 0, +1 -> 1
        assertEquals(2, d.classes());
    }

    @Test
    void sklearnCsvWithHeaderPlainAndSeparateTargets() {
        Dataset iris = SklearnCsv.read(fixtures().resolve("header.csv"), "iris");
        assertEquals(Tensor.shapeString(4, 2), Tensor.shapeString(iris.features().shape()));
        assertArrayEquals(new double[] {5.1, 3.5, 4.9, 3.0, 7.0, 3.2, 6.4, 3.2}, iris.features().toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 1, 1}, iris.targets().toDoubleArray());
        assertEquals(2, iris.classes());

        Dataset plain = SklearnCsv.read(fixtures().resolve("plain.csv.gz"), "digits");
        assertArrayEquals(new double[] {0, 16, 3, 1, 0, 8, 15, 4, 0}, plain.features().toDoubleArray());
        assertArrayEquals(new double[] {2, 0, 1}, plain.targets().toDoubleArray());
        assertEquals(3, plain.classes());

        Dataset diabetes = SklearnCsv.readSeparate(fixtures().resolve("diabetes_data.csv.gz"),
                fixtures().resolve("diabetes_target.csv.gz"), "diabetes");
        assertEquals(Tensor.shapeString(2, 3), Tensor.shapeString(diabetes.features().shape()));
        assertArrayEquals(new double[] {59, 2, 32.1, 48, 1, 21.6}, diabetes.features().toDoubleArray());
        assertArrayEquals(new double[] {151, 75}, diabetes.targets().toDoubleArray());
    }

    @Test
    void greyPngsAreScaledByTheirBitDepthAndColourByLuma() {
        Tensor grey8 = GreyImage.read(fixtures().resolve("grey8.png"));
        assertEquals(Tensor.shapeString(3, 4), Tensor.shapeString(grey8.shape()));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals((20 * r + 60 * c + 5) / 255.0, grey8.get(r, c), 0, "(" + r + ", " + c + ")");
            }
        }
        Tensor grey16 = GreyImage.read(fixtures().resolve("grey16.png"));
        assertArrayEquals(new double[] {0, 1000 / 65535.0, 40000 / 65535.0, 1}, grey16.toDoubleArray());
        Tensor rgb = GreyImage.read(fixtures().resolve("rgb.png"));
        assertEquals(Tensor.shapeString(1, 2), Tensor.shapeString(rgb.shape()));
        // BT.601 luma: 0.299·255 = 76.245; 0.299·10 + 0.587·200 + 0.114·30 = 123.81.
        assertEquals(76.245 / 255, rgb.get(0, 0), 1e-12);
        assertEquals(123.81 / 255, rgb.get(0, 1), 1e-12);
    }
}
