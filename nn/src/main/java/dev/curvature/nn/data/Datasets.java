package dev.curvature.nn.data;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The named data sets: the shipped ones ({@code digits}, the 8×8 handwritten digits; {@code
 * moby-dick-1-9}, chapters 1–9 of Moby-Dick) and those installed by
 * {@code scripts/install-datasets.sh} into the data folder ({@code mnist}, {@code fashion-mnist},
 * {@code moby-dick}). The data folder is the system property {@value #DATA_PROPERTY}, else the
 * environment variable {@code CURVATURE_DATA}, else {@code data/} in the working directory. A set
 * that is not installed gives an error naming the file looked for and the command that installs it.
 * Loaded sets are cached (they are read-only), by name and data folder.
 */
public final class Datasets {
    /** System property naming the data folder. */
    public static final String DATA_PROPERTY = "curvature.data";
    /** The script that installs the larger sets. */
    public static final String INSTALL_SCRIPT = "scripts/install-datasets.sh";

    /** Image classification sets by name. */
    public static final List<String> IMAGE_SETS = List.of("digits", "mnist", "fashion-mnist");
    /** Texts by name. */
    public static final List<String> TEXTS = List.of("moby-dick-1-9", "moby-dick");

    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private Datasets() {}

    /** A training set and a held-out test set. */
    public record Split(Dataset train, Dataset test) {}

    /** The data folder. */
    public static Path dataDir() {
        String p = System.getProperty(DATA_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv("CURVATURE_DATA");
        }
        return Path.of(p == null || p.isBlank() ? "data" : p);
    }

    /**
     * An image classification set with its standard split: {@code digits} (1500 training examples,
     * 297 test, seeded split 0; features [n, 1, 8, 8] in [0, 1]), {@code mnist} and
     * {@code fashion-mnist} (60000/10000, [n, 1, 28, 28] in [0, 1]).
     */
    public static Split images(String name) {
        return (Split) CACHE.computeIfAbsent("images:" + name + "@" + dataDir().toAbsolutePath(), k -> switch (name) {
            case "digits" -> {
                Dataset[] s = Digits.split(1500, 0);
                yield new Split(image(s[0], 8), image(s[1], 8));
            }
            case "mnist" -> idxPair("mnist", "mnist", "");
            case "fashion-mnist" -> idxPair("fashion-mnist", "fashion-mnist", ".gz");
            default -> throw new IllegalArgumentException("unknown image data set '" + name + "' (known: "
                    + String.join(", ", IMAGE_SETS) + ")");
        });
    }

    private static Dataset image(Dataset d, int side) {
        return new Dataset(d.name(), d.features().reshape(d.size(), 1, side, side), d.targets(), d.classes());
    }

    private static Split idxPair(String name, String folder, String suffix) {
        final Path dir = dataDir().resolve(folder);
        return new Split(
                Idx.dataset(name, require(name, dir.resolve("train-images-idx3-ubyte" + suffix)),
                        require(name, dir.resolve("train-labels-idx1-ubyte" + suffix)), 10),
                Idx.dataset(name, require(name, dir.resolve("t10k-images-idx3-ubyte" + suffix)),
                        require(name, dir.resolve("t10k-labels-idx1-ubyte" + suffix)), 10));
    }

    private static Path require(String name, Path file) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (name.equals("fashion-mnist")) {
            Path system = Path.of("/usr/share/datasets/fashion-mnist").resolve(file.getFileName());
            if (Files.isRegularFile(system)) {
                return system;
            }
        }
        throw new MissingDataException("data set '" + name + "' is not installed: " + file.toAbsolutePath()
                + " is missing. Install it with `" + INSTALL_SCRIPT + " " + name + "` (or set "
                + DATA_PROPERTY + " / CURVATURE_DATA to the folder that holds it)");
    }

    /** A text by name: the shipped {@code moby-dick-1-9} or the installed {@code moby-dick}. */
    public static CharText text(String name) {
        return (CharText) CACHE.computeIfAbsent("text:" + name + "@" + dataDir().toAbsolutePath(), k -> switch (name) {
            case "moby-dick-1-9" -> {
                InputStream in = Datasets.class.getResourceAsStream("/dev/curvature/nn/data/moby-dick-1-9.txt.gz");
                if (in == null) {
                    throw new IllegalStateException("the shipped text moby-dick-1-9 is missing from the resources");
                }
                try {
                    yield CharText.read(name, new GZIPInputStream(in));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            case "moby-dick" -> CharText.read(require("moby-dick", dataDir().resolve("moby-dick").resolve("data.txt")));
            default -> throw new IllegalArgumentException("unknown text '" + name + "' (known: "
                    + String.join(", ", TEXTS) + ")");
        });
    }

    /** A data set that has to be installed first; the message names the install command. */
    public static final class MissingDataException extends IllegalStateException {
        public MissingDataException(String message) {
            super(message);
        }
    }
}
