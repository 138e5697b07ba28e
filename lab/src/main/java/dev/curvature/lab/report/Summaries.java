package dev.curvature.lab.report;

import dev.curvature.core.io.WriteGate;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Small statistics, number formatting and CSV output shared by the report and the analyses of the
 * built-in experiments: medians over seeds, numbers in check details, the tables written beside
 * the results.
 */
public final class Summaries {
    private Summaries() {}

    /** The median of the finite values (NaN when there are none). */
    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** The median of the finite values (NaN when there are none). */
    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A number for notes and check details: integers as such, else 3 significant digits; NaN as –. */
    public static String fmt(double v) {
        return fmt(v, 3);
    }

    /** {@link #fmt(double)} with {@code digits} significant digits for non-integers. */
    public static String fmt(double v, int digits) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%." + digits + "g", v);
    }

    /**
     * Writes {@code dir/name} as CSV (RFC 4180): the header, then the rows (doubles in full
     * precision, non-finite ones as empty cells, anything else as its string, quoted when it holds a
     * comma, a quote or a line break); returns its path.
     */
    public static Path csv(Path dir, String name, List<String> header, List<List<Object>> rows) throws IOException {
        Path out = dir.resolve(name);
        WriteGate.check(WriteGate.Op.WRITE, out);
        try (Writer w = Files.newBufferedWriter(out)) {
            w.write(String.join(",", header.stream().map(Summaries::cell).toList()));
            w.write('\n');
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    Object c = row.get(i);
                    w.write(c instanceof Double d ? (Double.isFinite(d) ? Double.toString(d) : "") : cell(String.valueOf(c)));
                }
                w.write('\n');
            }
        }
        return out;
    }

    /** A text cell, quoted (quotes doubled) when it holds a comma, a quote or a line break. */
    private static String cell(String text) {
        boolean plain = text.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r');
        return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
    }
}
