package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<double[]> idx = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        int maxIndex = features;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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
                labels.add(Double.parseDouble(parts[0]));
                double[] is = new double[parts.length - 1];
                double[] vs = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    int colon = parts[i].indexOf(':');
                    if (colon < 0) {
                        throw new IOException(name + " line " + lineNo + ": '" + parts[i] + "' is not index:value");
                    }
                    int k = Integer.parseInt(parts[i].substring(0, colon));
                    if (k < 1) {
                        throw new IOException(name + " line " + lineNo + ": index " + k + " is not 1-based");
                    }
                    is[i - 1] = k;
                    vs[i - 1] = Double.parseDouble(parts[i].substring(colon + 1));
                    maxIndex = Math.max(maxIndex, k);
                }
                idx.add(is);
                val.add(vs);
            }
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("cannot read LIBSVM file " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        if (labels.isEmpty()) {
            throw new UncheckedIOException(new IOException(name + ": no examples in " + file));
        }
        double[] classes = new TreeSet<>(labels).stream().mapToDouble(Double::doubleValue).toArray();
        Tensor x = Tensor.zeros(DType.F64, labels.size(), maxIndex);
        Tensor y = Tensor.zeros(DType.F64, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            double[] is = idx.get(i);
            for (int j = 0; j < is.length; j++) {
                x.set(val.get(i)[j], i, (int) is[j] - 1);
            }
            y.set(java.util.Arrays.binarySearch(classes, labels.get(i)), i);
        }
        return new Dataset(name, x, y, classes.length);
    }
}
