package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The 8×8 handwritten digits (UCI "Optical recognition of handwritten digits", Alpaydin &amp;
 * Kaynak 1998; scikit-learn's {@code load_digits}, BSD-3), shipped in the resources: 1797 images of
 * 64 pixels in 0..16 and their labels 0..9. Pixels are scaled to [0, 1].
 */
public final class Digits {
    /** Number of examples. */
    public static final int SIZE = 1797;

    private Digits() {}

    /** All 1797 examples in file order. */
    public static Dataset load() {
        try (InputStream in = Digits.class.getResourceAsStream("/dev/curvature/nn/data/digits.csv.gz")) {
            if (in == null) {
                throw new IllegalStateException("the digits data set is missing from the resources");
            }
            return Csv.read(new GZIPInputStream(in), "digits", 64, 10, 1.0 / 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A seeded random split: {@code trainSize} examples for training and the rest for testing. (The
     * file is ordered by writer, so a split in file order would test on unseen writers.)
     */
    public static Dataset[] split(int trainSize, long seed) {
        Dataset all = load();
        if (trainSize < 1 || trainSize >= all.size()) {
            throw new IllegalArgumentException("digits: trainSize = " + trainSize + " is outside [1, " + all.size() + ")");
        }
        int[] order = dev.curvature.core.random.RandomStream.of(seed).permutation(all.size());
        Tensor x = Tensor.zeros(DType.F64, all.size(), 64);
        Tensor y = Tensor.zeros(DType.F64, all.size());
        for (int i = 0; i < order.length; i++) {
            x.row(i).assign(all.features().row(order[i]));
            y.set(all.targets().get(order[i]), i);
        }
        Dataset shuffled = new Dataset("digits", x, y, 10);
        return new Dataset[] {shuffled.slice(0, trainSize), shuffled.slice(trainSize, all.size())};
    }

    /** Reads the sklearn CSV layout: each row is the features then the integer label, no header. */
    static final class Csv {
        private Csv() {}

        static Dataset read(InputStream in, String name, int features, int classes, double scale) throws IOException {
            java.util.List<double[]> rows = new java.util.ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                int lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] parts = line.split(",");
                    if (parts.length != features + 1) {
                        throw new IOException(name + " line " + lineNo + ": " + parts.length + " fields, expected "
                                + (features + 1));
                    }
                    double[] row = new double[features + 1];
                    for (int i = 0; i <= features; i++) {
                        row[i] = Double.parseDouble(parts[i].trim());
                    }
                    rows.add(row);
                }
            }
            Tensor x = Tensor.zeros(DType.F64, rows.size(), features);
            Tensor y = Tensor.zeros(DType.F64, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                double[] row = rows.get(i);
                for (int j = 0; j < features; j++) {
                    x.set(row[j] * scale, i, j);
                }
                y.set(row[features], i);
            }
            return new Dataset(name, x, y, classes);
        }
    }
}
