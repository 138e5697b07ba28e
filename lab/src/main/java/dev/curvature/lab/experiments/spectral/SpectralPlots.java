package dev.curvature.lab.experiments.spectral;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts, number formatting and CSV output shared by the spectral reproductions (XChart). */
final class SpectralPlots {
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SpectralPlots() {}

    static XYChart chart(String title, String x, String y, boolean logX, boolean logY) {
        XYChart c = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        return c;
    }

    /** Adds a series of the drawable points (finite, positive on log axes); dashed when {@code dashed}. */
    static void series(XYChart c, String name, double[] x, double[] y, int color, boolean markers, boolean dashed) {
        List<double[]> pts = new ArrayList<>();
        boolean logX = c.getStyler().isXAxisLogarithmic();
        boolean logY = c.getStyler().isYAxisLogarithmic();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0)) {
                pts.add(new double[] {x[i], y[i]});
            }
        }
        if (pts.isEmpty() || c.getSeriesMap().containsKey(name)) {
            return;
        }
        XYSeries s = c.addSeries(name, pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray());
        Color col = PALETTE[Math.floorMod(color, PALETTE.length)];
        s.setLineColor(col);
        s.setMarkerColor(col);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineStyle(dashed ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(1.6f));
    }

    /** A placeholder series so that an empty chart still renders. */
    static void ensureNotEmpty(XYChart c) {
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no data", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        }
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
