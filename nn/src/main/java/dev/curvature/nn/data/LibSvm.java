package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Limit;
import dev.curvature.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The sparse LIBSVM/SVMlight text format (Chang &amp; Lin, LIBSVM, ACM TIST 2011): one example per
 * line, {@code label index:value index:value ...} with 1-based increasing indices; absent features
 * are 0; {@code #} starts a comment. Read densely; the distinct labels, sorted, become the classes
 * 0..k−1 (so ±1 maps to 0 and 1).
 */
public final class LibSvm {
    private LibSvm() {}

    /** Reads a file with as many features as its largest index. */
    public static Dataset read(Path file, String name) {
        return read(file, name, 0);
    }

    /** Reads a file with at least {@code features} features (0: the largest index). */
    public static Dataset read(Path file, String name, int features) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, features);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read LIBSVM file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a LIBSVM stream with at least {@code features} features (0: the largest index);
     * malformed text is an {@link IOException} naming the line.
     */
    public static Dataset read(InputStream stream, String name, int features) throws IOException {
        List<int[]> idx = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        int maxIndex = features;
        BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split("\\s+");
            labels.add(number(parts[0], name, lineNo, "label"));
            int[] is = new int[parts.length - 1];
            double[] vs = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                if (colon < 0) {
                    throw new IOException(name + " line " + lineNo + ": '" + parts[i] + "' is not index:value");
                }
                int k = index(parts[i].substring(0, colon), name, lineNo);
                is[i - 1] = k;
                vs[i - 1] = number(parts[i].substring(colon + 1), name, lineNo, "value");
                maxIndex = Math.max(maxIndex, k);
            }
            idx.add(is);
            val.add(vs);
        }
        if (labels.isEmpty()) {
            throw new IOException(name + ": no examples");
        }
        Limit.ELEMENTS.check((long) labels.size() * maxIndex,
                "LIBSVM data " + name + " (" + labels.size() + " examples × " + maxIndex + " features)");
        double[] classes = new TreeSet<>(labels).stream().mapToDouble(Double::doubleValue).toArray();
        Tensor x = Tensor.zeros(DType.F64, labels.size(), maxIndex);
        Tensor y = Tensor.zeros(DType.F64, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            int[] is = idx.get(i);
            for (int j = 0; j < is.length; j++) {
                x.set(val.get(i)[j], i, is[j] - 1);
            }
            y.set(Arrays.binarySearch(classes, labels.get(i)), i);
        }
        return new Dataset(name, x, y, classes.length);
    }

    private static int index(String text, String name, int lineNo) throws IOException {
        try {
            int k = Integer.parseInt(text);
            if (k >= 1) {
                return k;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(name + " line " + lineNo + ": index '" + text + "' is not a whole number from 1 to "
                + Integer.MAX_VALUE);
    }

    private static double number(String text, String name, int lineNo, String what) throws IOException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IOException(name + " line " + lineNo + ": " + what + " '" + text + "' is not a number", e);
        }
    }
}
