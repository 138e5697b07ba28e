package dev.curvature.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curvature.core.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Known facts of the installed data sets (scripts/install-datasets.sh); each test is skipped when
 * its set is not installed. The loaders themselves are tested on shipped fixtures
 * ({@link LoaderFixturesTest}); this only checks that the real files are the expected ones, so it
 * is tagged {@code installed-data} and left out of the default suite (nn/pom.xml has the command
 * that runs it). The data folder is found as {@link Datasets#dataDir()}, or the project's data/
 * folder when the tests run inside the module.
 */
@Tag("installed-data")
class InstalledDataTest {

    private static Path data() {
        Path d = Datasets.dataDir();
        return Files.isDirectory(d) ? d : Path.of("..").resolve("data");
    }

    private static void assumeInstalled(Path file, String set) {
        assumeTrue(Files.isRegularFile(file) || Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist")
                .resolve(file.getFileName())) && set.equals("fashion-mnist"),
                set + " is not installed (run scripts/install-datasets.sh " + set + ")");
    }

    private static double meanPixel(Tensor images) {
        double s = 0;
        float[] f = images.floatData();
        for (int i = 0; i < images.size(); i++) {
            s += f[images.offset() + i];
        }
        return s / images.size();
    }

    @Test
    void mnist() {
        Path dir = data().resolve("mnist");
        assumeInstalled(dir.resolve("train-images-idx3-ubyte"), "mnist");
        Tensor labels = Idx.read(dir.resolve("train-labels-idx1-ubyte"));
        int[] counts = new int[10];
        for (int i = 0; i < labels.size(); i++) {
            counts[(int) labels.getFlat(i)]++;
        }
        assertEquals(5923, counts[0]);
        assertEquals(6742, counts[1]);
        Tensor images = Idx.read(dir.resolve("train-images-idx3-ubyte"));
        assertEquals(Tensor.shapeString(60000, 28, 28), Tensor.shapeString(images.shape()));
        assertEquals(0.1307 * 255, meanPixel(images), 0.0001 * 255);
        assertEquals(10000, Idx.read(dir.resolve("t10k-labels-idx1-ubyte")).size());
    }

    @Test
    void fashionMnist() {
        Path dir = data().resolve("fashion-mnist");
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        assumeInstalled(file, "fashion-mnist");
        if (!Files.isRegularFile(file)) {
            dir = Path.of("/usr/share/datasets/fashion-mnist");
        }
        Tensor images = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"));
        assertEquals(60000, images.dim(0));
        assertEquals(0.2860 * 255, meanPixel(images), 0.0001 * 255);
    }

    @Test
    void mobyDick() {
        Path file = data().resolve("moby-dick").resolve("data.txt");
        assumeInstalled(file, "moby-dick");
        CharText t = CharText.read(file);
        assertEquals(1_190_317, t.length());
        assertEquals(83, t.vocabularySize());
        int[] shipped = Datasets.text("moby-dick-1-9").tokens();
        CharText excerpt = Datasets.text("moby-dick-1-9");
        assertEquals(excerpt.decode(shipped), t.decode(t.range(0, shipped.length)), "the shipped excerpt is the start");
    }
}
