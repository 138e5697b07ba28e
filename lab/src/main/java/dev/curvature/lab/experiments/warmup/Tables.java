package dev.curvature.lab.experiments.warmup;

import dev.curvature.core.io.WriteGate;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared helpers of the warm-up analyses: CSV files beside the results, simple charts, statistics. */
final class Tables {
    private Tables() {}

    /** Writes {@code name} (CSV) into the experiment's folder and returns its path. */
    static Path csv(ExperimentData data, String name, String header, List<String> rows) throws IOException {
        Path p = data.store().dir().resolve(name);
        StringBuilder sb = new StringBuilder(header).append('\n');
        rows.forEach(r -> sb.append(r).append('\n'));
        WriteGate.check(WriteGate.Op.WRITE, p);
        Files.writeString(p, sb);
        return p;
    }

    /** A number for CSV. */
    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Adds a line with markers, or markers only (points that cannot be drawn are left out). */
    static void line(XYChart c, String name, double[] x, double[] y, boolean markersOnly) {
        XYSeries s = Charts.drawable(c, name, x, y, c.getSeriesMap().size());
        if (s == null) {
            return;
        }
        s.setMarker(SeriesMarkers.CIRCLE);
        if (markersOnly) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        } else {
            s.setLineStyle(new BasicStroke(1.8f));
        }
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
     * The mean training loss over the last half of a run's logged steps; NaN for a run that did
     * not finish. At a step large enough for warm-up to matter, SGD oscillates: the loss at one
     * step depends on the last few batches and on summation order, the average over half the run
     * does not.
     */
    static double lastHalfLoss(ExperimentData data, RunRecord r) throws SQLException {
        if (r.status() != RunStatus.DONE) {
            return Double.NaN;
        }
        double[][] l = data.series(r, "loss");
        int n = l[1].length;
        double s = 0;
        for (int i = n / 2; i < n; i++) {
            s += l[1][i];
        }
        return n == 0 ? Double.NaN : s / (n - n / 2);
    }

    /**
     * The end-of-run loss of a run: the held-out loss at the last step when {@code test_loss} was
     * monitored, else the mean training loss over the last {@code tail} logged rows (mini-batch
     * losses are noisy).
     */
    static double endLoss(ExperimentData data, RunRecord r, int tail) throws SQLException {
        if (r.status() != RunStatus.DONE) {
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
