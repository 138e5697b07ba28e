package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared helpers of the warm-up analyses: CSV files beside the results, simple charts, statistics. */
final class Tables {
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};

    private Tables() {}

    /** Writes {@code name} (CSV) into the experiment's folder and returns its path. */
    static Path csv(ExperimentData data, String name, String header, List<String> rows) throws IOException {
        Path p = data.store().dir().resolve(name);
        StringBuilder sb = new StringBuilder(header).append('\n');
        rows.forEach(r -> sb.append(r).append('\n'));
        Files.writeString(p, sb);
        return p;
    }

    /** A number for CSV. */
    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** An empty chart with the report's style. */
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

    /** Adds a line with markers (points with a NaN coordinate are left out). */
    static void line(XYChart c, String name, double[] x, double[] y, boolean markersOnly) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
            }
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        if (n == 0) {
            return;
        }
        Color color = COLORS[c.getSeriesMap().size() % COLORS.length];
        XYSeries s = c.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarkerColor(color);
        if (markersOnly) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
        } else {
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(1.8f));
        }
    }

    /** Median of finite values (NaN when none). */
    static double median(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (f.length == 0) {
            return Double.NaN;
        }
        return f.length % 2 == 1 ? f[f.length / 2] : 0.5 * (f[f.length / 2 - 1] + f[f.length / 2]);
    }

    /** Least-squares line y = a + b·x with R²: {a, b, r2}. */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double r2 = syy == 0 ? Double.NaN : sxy * sxy / (sxx * syy);
        return new double[] {a, b, r2};
    }

    /**
     * The end-of-run loss of a run: the held-out loss at the last step when {@code test_loss} was
     * monitored, else the mean training loss over the last {@code tail} logged rows (mini-batch
     * losses are noisy).
     */
    static double endLoss(ExperimentData data, RunRecord r, int tail) throws SQLException {
        if (!r.status().equals("done")) {
            return Double.NaN;
        }
        double[][] t = data.series(r, "test_loss");
        if (t[1].length > 0) {
            return t[1][t[1].length - 1];
        }
        double[][] l = data.series(r, "loss");
        int n = l[1].length;
        double s = 0;
        int k = 0;
        for (int i = Math.max(0, n - tail); i < n; i++) {
            s += l[1][i];
            k++;
        }
        return k == 0 ? Double.NaN : s / k;
    }
}
