package dev.curvature.nn.data;

import dev.curvature.core.DType;
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
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The CSV layouts of scikit-learn's bundled data sets ({@code sklearn/datasets/data}, BSD-3):
 * <ul>
 *   <li>plain: each row is the features then the label, no header ({@code digits.csv.gz});</li>
 *   <li>with a header line {@code n_samples,n_features,class names…} and the label last
 *       ({@code iris.csv}, {@code wine_data.csv}, {@code breast_cancer.csv}); the header is
 *       recognised by its first two fields being integers that match the data;</li>
 *   <li>whitespace-separated features and a separate target file ({@code diabetes_data_raw.csv.gz}
 *       with {@code diabetes_target.csv.gz}).</li>
 * </ul>
 * Files ending in {@code .gz} are read through gzip. Values are kept exactly as float64.
 */
public final class SklearnCsv {
    private SklearnCsv() {}

    /** A file with the label in the last column, with or without the header line. */
    public static Dataset read(Path file, String name) {
        try (InputStream in = open(file)) {
            return read(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A stream in the layout of {@link #read(Path, String)}. */
    public static Dataset read(InputStream in, String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int[] header = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            int width = -1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                // Every field counts, empty ones too: "1,2," is three fields, not two.
                String[] parts = line.split(",", -1);
                if (lineNo == 1 && isHeader(parts)) {
                    header = new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                    continue;
                }
                if (width < 0) {
                    width = parts.length;
                } else if (parts.length != width) {
                    throw new IOException(name + " line " + lineNo + ": " + parts.length + " fields, expected " + width);
                }
                double[] row = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        row[i] = Double.parseDouble(parts[i].trim());
                    } catch (NumberFormatException e) {
                        throw new IOException(name + " line " + lineNo + ": field " + (i + 1) + " '" + parts[i]
                                + "' is not a number", e);
                    }
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(name + ": no data rows");
        }
        int features = rows.get(0).length - 1;
        if (header != null && (header[0] != rows.size() || header[1] != features)) {
            throw new IOException(name + ": header says " + header[0] + " samples of " + header[1]
                    + " features, the file has " + rows.size() + " of " + features);
        }
        Tensor x = Tensor.zeros(DType.F64, rows.size(), features);
        Tensor y = Tensor.zeros(DType.F64, rows.size());
        int maxLabel = 0;
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            for (int j = 0; j < features; j++) {
                x.set(row[j], i, j);
            }
            y.set(row[features], i);
            maxLabel = Math.max(maxLabel, (int) row[features]);
        }
        return new Dataset(name, x, y, maxLabel + 1);
    }

    /** Whitespace-separated features and a separate target file with one value per row (regression). */
    public static Dataset readSeparate(Path features, Path targets, String name) {
        try (InputStream fx = open(features); InputStream fy = open(targets)) {
            List<double[]> xs = whitespaceRows(fx, features.toString());
            List<double[]> ys = whitespaceRows(fy, targets.toString());
            if (xs.size() != ys.size()) {
                throw new IOException(name + ": " + xs.size() + " feature rows but " + ys.size() + " targets");
            }
            int f = xs.get(0).length;
            Tensor x = Tensor.zeros(DType.F64, xs.size(), f);
            Tensor y = Tensor.zeros(DType.F64, ys.size());
            for (int i = 0; i < xs.size(); i++) {
                if (xs.get(i).length != f) {
                    throw new IOException(name + " row " + (i + 1) + ": " + xs.get(i).length + " fields, expected " + f);
                }
                for (int j = 0; j < f; j++) {
                    x.set(xs.get(i)[j], i, j);
                }
                y.set(ys.get(i)[0], i);
            }
            return new Dataset(name, x, y, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<double[]> whitespaceRows(InputStream in, String source) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split("[\\s,]+");
            double[] row = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                row[i] = Double.parseDouble(parts[i]);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IOException(source + ": no data rows");
        }
        return rows;
    }

    private static boolean isHeader(String[] parts) {
        if (parts.length < 2) {
            return false;
        }
        try {
            Integer.parseInt(parts[0].trim());
            Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 2; i < parts.length; i++) {
            try {
                Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        // Only numbers: a header has exactly n_samples, n_features (+ names), a data row has more fields.
        return parts.length == 2;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
