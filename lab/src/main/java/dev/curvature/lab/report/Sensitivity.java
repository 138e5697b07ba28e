package dev.curvature.lab.report;

import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;

/**
 * How a sweep's outcome depends on what it varies: for each swept numeric hyperparameter, the final
 * loss against its value per optimizer (median over seeds with the min–max band, and over the other
 * swept values where there are some), and per optimizer the setting with the best median final loss.
 */
public final class Sensitivity {
    private Sensitivity() {}

    /** The best setting of one optimizer: its configuration, median and range of final loss, seeds, diverged and failed runs. */
    public record Best(String optimizer, String setting, double median, double min, double max, int seeds, int diverged,
                       int failed) {}

    /**
     * One figure per swept numeric path (its values as x, a log axis when they are positive and
     * span more than a decade); none when the sweep varies no number.
     */
    public static List<AnalysisResult.Figure> figures(ExperimentData data) {
        Map<String, Map<String, List<RunRecord>>> byPath = new LinkedHashMap<>();
        for (RunRecord r : data.runs()) {
            ExperimentData.configuration(r).forEach((path, v) -> {
                if (numeric(v)) {
                    String name = path.startsWith("optimizers.") ? path.substring(path.indexOf('.', 11) + 1) : path;
                    byPath.computeIfAbsent(name, k -> new LinkedHashMap<>()).computeIfAbsent(r.optimizer(),
                            k -> new ArrayList<>()).add(r);
                }
            });
        }
        List<AnalysisResult.Figure> out = new ArrayList<>();
        for (var p : byPath.entrySet()) {
            String name = p.getKey();
            List<SeedBand> bands = new ArrayList<>();
            TreeSet<Double> xs = new TreeSet<>();
            for (var o : p.getValue().entrySet()) {
                // One series per seed and setting of the other swept values: x → final loss.
                Map<String, double[][]> series = new LinkedHashMap<>();
                Map<String, List<double[]>> points = new LinkedHashMap<>();
                for (RunRecord r : o.getValue()) {
                    Map<String, String> rest = new LinkedHashMap<>(ExperimentData.configuration(r));
                    String own = rest.containsKey(name) ? name : "optimizers." + r.optimizer() + "." + name;
                    double x = Double.parseDouble(rest.remove(own));
                    xs.add(x);
                    points.computeIfAbsent(rest + "#" + r.seed(), k -> new ArrayList<>()).add(new double[] {x,
                            r.finalLoss()});
                }
                points.forEach((k, pts) -> {
                    pts.sort((a, b) -> Double.compare(a[0], b[0]));
                    series.put(k, new double[][] {pts.stream().mapToDouble(a -> a[0]).toArray(),
                            pts.stream().mapToDouble(a -> a[1]).toArray()});
                });
                bands.add(SeedBand.of(o.getKey(), new ArrayList<>(series.values())));
            }
            if (xs.size() < 2) {
                continue;
            }
            boolean logX = xs.first() > 0 && xs.last() / xs.first() > 10;
            boolean logY = bands.stream().allMatch(b -> Arrays.stream(b.min()).filter(Double::isFinite)
                    .allMatch(v -> v > 0));
            XYChart chart = Charts.bands("final loss vs " + name, name, "final loss", logY, bands);
            chart.getStyler().setXAxisLogarithmic(logX);
            out.add(new AnalysisResult.Figure("sensitivity-" + name, chart, "Final loss against " + name
                    + " per optimizer: median over seeds with the min–max band" + (logX ? " (log x)" : "")
                    + "; diverged runs are left out"));
        }
        return out;
    }

    /** Per optimizer, the setting ({@link ExperimentData#configuration}) with the lowest median final loss. */
    public static List<Best> best(ExperimentData data) {
        Map<String, Map<Map<String, String>, List<RunRecord>>> groups = new LinkedHashMap<>();
        for (RunRecord r : data.runs()) {
            groups.computeIfAbsent(r.optimizer(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(ExperimentData.configuration(r), k -> new ArrayList<>()).add(r);
        }
        List<Best> out = new ArrayList<>();
        for (var o : groups.entrySet()) {
            Best best = null;
            for (var g : o.getValue().entrySet()) {
                double[] loss = g.getValue().stream().mapToDouble(RunRecord::finalLoss).toArray();
                double median = Summaries.median(loss);
                double[] finite = Arrays.stream(loss).filter(Double::isFinite).toArray();
                String setting = ExperimentData.label(g.getKey());
                Best b = new Best(o.getKey(), setting.isEmpty() ? "as specified" : setting, median,
                        Arrays.stream(finite).min().orElse(Double.NaN),
                        Arrays.stream(finite).max().orElse(Double.NaN),
                        (int) g.getValue().stream().mapToLong(RunRecord::seed).distinct().count(),
                        count(g.getValue(), RunStatus.DIVERGED), count(g.getValue(), RunStatus.FAILED));
                if (best == null || Double.isNaN(best.median()) || median < best.median()) {
                    best = b;
                }
            }
            out.add(best);
        }
        return out;
    }

    /** The best-setting table as HTML, with the heading of its section. */
    public static String table(ExperimentData data) {
        StringBuilder h = new StringBuilder("<h2>Best setting per optimizer</h2>\n<table><tr><th class=l>optimizer</th>"
                + "<th class=l>setting</th><th>final loss (median)</th><th>min</th><th>max</th><th>seeds</th>"
                + "<th>diverged</th><th>failed</th></tr>\n");
        for (Best b : best(data)) {
            h.append("<tr><td class=l>").append(HtmlReport.esc(b.optimizer())).append("</td><td class=l>")
                    .append(HtmlReport.esc(b.setting())).append("</td><td>").append(Summaries.fmt(b.median(), 4))
                    .append("</td><td>").append(Summaries.fmt(b.min(), 4)).append("</td><td>")
                    .append(Summaries.fmt(b.max(), 4)).append("</td><td>").append(b.seeds()).append("</td><td>")
                    .append(b.diverged()).append("</td><td>").append(b.failed()).append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    private static int count(List<RunRecord> runs, RunStatus status) {
        return (int) runs.stream().filter(r -> r.status() == status).count();
    }

    private static boolean numeric(String v) {
        try {
            return Double.isFinite(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
