package dev.curvature.lab.experiments.spectral;

import dev.curvature.lab.report.Charts;
import java.awt.BasicStroke;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Series style, number formatting and CSV output of the spectral reproductions ({@link Charts} makes the charts). */
final class SpectralPlots {
    private SpectralPlots() {}

    /**
     * Adds a series of the drawable points (finite, positive on log axes); dashed when {@code dashed};
     * a name already on the chart is left as it is.
     */
    static void series(XYChart c, String name, double[] x, double[] y, int color, boolean markers, boolean dashed) {
        if (c.getSeriesMap().containsKey(name)) {
            return;
        }
        XYSeries s = Charts.drawable(c, name, x, y, color);
        if (s == null) {
            return;
        }
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineStyle(dashed ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(1.6f));
    }

    /** Formats a number for notes and check details. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Writes a CSV file (header, then rows; doubles in full precision, non-finite as empty). */
    static Path csv(Path dir, String name, List<String> header, List<List<Object>> rows) throws IOException {
        Path out = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(out)) {
            w.write(String.join(",", header));
            w.write('\n');
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    Object c = row.get(i);
                    w.write(c instanceof Double d ? (Double.isFinite(d) ? Double.toString(d) : "") : String.valueOf(c));
                }
                w.write('\n');
            }
        }
        return out;
    }

    /** The median of the finite values (NaN when none). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
