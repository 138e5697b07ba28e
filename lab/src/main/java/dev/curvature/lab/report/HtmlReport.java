package dev.curvature.lab.report;

import dev.curvature.core.io.WriteGate;
import dev.curvature.lab.store.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * The self-contained HTML report of one experiment ({@code report.html}: plots embedded as PNG
 * data, no scripts, no external files) plus each plot as PNG (and SVG on request) under
 * {@code plots/}, named by figure number and metric ({@code 03-loss.png}); the page gives each
 * figure's full configuration. Sections: analysis checks and findings, a summary by configuration
 * and optimizer (median and range over seeds), metric curves with seed bands, the run table, and
 * the spec. A report inside a reproduction's folder links back to its {@code index.html}.
 *
 * <p>Curves keep their y range to the runs that did not diverge; a diverged run's last finite
 * point is marked with a × and listed under the figure.
 *
 * <p>A report is replaced whole or not at all: the new plots and page are written next to the old
 * ones under temporary names and swapped in only once complete, so a failure (a full disk, a
 * killed process) leaves the previous {@code report.html} and {@code plots/} as they were.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /**
     * Grid points whose curves are drawn: each costs a figure per metric (an SVG and a PNG), so a
     * sweep of thousands of points would write gigabytes of plots that nobody can read; the summary
     * table still lists every point.
     */
    static final int MAX_CURVE_GROUPS = 50;

    /** Metrics plotted when the spec names none: every logged metric except bookkeeping columns. */
    private static final List<String> HIDDEN = List.of("skipped");

    /**
     * Writes the report into {@code dir} and returns the path of {@code report.html}.
     *
     * @param metrics  metrics to plot (empty: all)
     * @param analysis the analysis result, or null
     */
    public static Path write(ExperimentData data, String description, String specText, List<String> metrics,
                             AnalysisResult analysis, Path dir) throws Exception {
        return write(data, description, specText, metrics, analysis, dir, false);
    }

    /**
     * As {@link #write(ExperimentData, String, String, List, AnalysisResult, Path)}; {@code svg}
     * also writes each plot as SVG beside its PNG and links it from the page.
     */
    public static Path write(ExperimentData data, String description, String specText, List<String> metrics,
                             AnalysisResult analysis, Path dir, boolean svg) throws Exception {
        removeLeftovers(dir);
        Path staging = null;
        Path page = null;
        try {
            WriteGate.check(WriteGate.Op.CREATE, dir);
            staging = Files.createTempDirectory(dir, STAGING_PREFIX);
            page = Files.createTempFile(dir, PAGE_PREFIX, ".tmp");
            readableByAll(staging, "rwxr-xr-x");
            readableByAll(page, "rw-r--r--");
            boolean inIndex = dir.toAbsolutePath().getParent() != null
                    && Files.isRegularFile(dir.toAbsolutePath().getParent().resolve(ReproductionIndex.PAGE));
            String html;
            try (Plots plots = new Plots(staging, svg)) {
                html = plots.fill(render(data, description, specText, metrics, analysis, plots, inIndex));
            }
            WriteGate.check(WriteGate.Op.WRITE, page);
            Files.writeString(page, html);
            return install(dir, staging, page);
        } catch (IOException e) {
            throw new IOException("cannot write the report in " + dir + ": " + reason(e) + ". The stored results "
                    + "are unaffected and the previous report, if any, is unchanged; rebuild the report with "
                    + "`curvature report " + dir + "`", e);
        } finally {
            deleteTree(staging);
            deleteTree(page);
        }
    }

    /**
     * Temporary files are created private (0700 / 0600); the installed report is meant to be
     * shared like any other output file. No-op where the file system has no POSIX permissions.
     */
    static void readableByAll(Path p, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    /** Names of the temporary plot folder and page while a report is written. */
    private static final String STAGING_PREFIX = ".plots-";
    private static final String PAGE_PREFIX = ".report-";

    /** Swaps the complete new plots and page in for the old ones; returns the page's path. */
    private static Path install(Path dir, Path staging, Path page) throws IOException {
        Path plots = dir.resolve("plots");
        Path out = dir.resolve("report.html");
        WriteGate.check(WriteGate.Op.REPLACE, plots);
        Path old = null;
        if (Files.exists(plots, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            old = dir.resolve(STAGING_PREFIX + "old-" + Long.toHexString(System.nanoTime()));
            Files.move(plots, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, plots, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, plots, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        WriteGate.check(WriteGate.Op.REPLACE, out);
        Files.move(page, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
        return out;
    }

    /** Temporary files of a report whose writing was interrupted (a killed process). */
    private static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(STAGING_PREFIX) || (n.startsWith(PAGE_PREFIX) && n.endsWith(".tmp"))
                        || n.equals("report.html.tmp")) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Deletes a file or folder tree; best effort (a leftover is removed by the next report). */
    private static void deleteTree(Path p) {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // left for removeLeftovers
        }
    }

    /** The file system's reason for a failed write, with the file concerned. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            return dev.curvature.lab.store.ResultStore.describe(f);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * Where the figures go: the plot folder, numbered in page order, and whether SVGs are written too.
     * Figures are drawn and encoded on all cores while the page is assembled (drawing is most of a
     * report's time); the page holds a marker per figure until {@link #fill} puts in its HTML.
     */
    private static final class Plots implements AutoCloseable {
        final Path dir;
        final boolean svg;
        private final java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        private final List<java.util.concurrent.Future<String>> figures = new ArrayList<>();

        Plots(Path dir, boolean svg) {
            this.dir = dir;
            this.svg = svg;
        }

        /** Starts drawing a figure; returns its marker in the page. */
        String add(XYChart chart, String name, String caption) {
            int n = figures.size();
            Path base = dir.resolve(String.format("%02d-%s", n, slug(name)));
            figures.add(pool.submit(() -> figure(chart, base, svg, caption)));
            return marker(n);
        }

        /** The page with each figure's marker replaced by its HTML (waiting for the figures still drawn). */
        String fill(String page) throws IOException, InterruptedException {
            StringBuilder out = new StringBuilder(page.length() + (1 << 20));
            int at = 0;
            for (int n = 0; n < figures.size(); n++) {
                String m = marker(n);
                int i = page.indexOf(m, at);
                out.append(page, at, i);
                try {
                    out.append(figures.get(n).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                }
                at = i + m.length();
            }
            return out.append(page, at, page.length()).toString();
        }

        /** Page text never holds it: {@link #esc} escapes every {@code <}. */
        private static String marker(int n) {
            return "<!--figure " + n + "-->";
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** The page, with its plots written into {@code plots}; {@code inIndex}: link to the reproduction index. */
    private static String render(ExperimentData data, String description, String specText, List<String> metrics,
                                 AnalysisResult analysis, Plots plots, boolean inIndex) throws Exception {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(data.experiment())).append(" — Curvature report</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}")
                .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
                .append("td.l,th.l{text-align:left}.pass{color:#1a7f37;font-weight:bold}")
                .append(".fail{color:#cf222e;font-weight:bold}.ill{color:#777;font-weight:bold}figure{display:inline-block;margin:0.5em}")
                .append("figcaption{font-size:0.85em;color:#555;max-width:720px}pre{background:#f6f8fa;padding:1em;")
                .append("overflow:auto}nav{font-size:0.9em}</style></head><body>\n");
        if (inIndex) {
            h.append("<nav><a href=\"../").append(ReproductionIndex.PAGE).append("\">← all reproductions</a></nav>\n");
        }
        h.append("<h1>").append(esc(data.experiment())).append("</h1>\n");
        if (!description.isBlank()) {
            h.append("<p>").append(esc(description)).append("</p>\n");
        }
        List<RunRecord> runs = data.runs();
        Map<String, Integer> status = new TreeMap<>();
        runs.forEach(r -> status.merge(r.status().stored(), 1, Integer::sum));
        h.append("<p>").append(runs.size()).append(" runs: ").append(esc(counts(status))).append("</p>\n");

        if (analysis != null) {
            h.append("<h2>Claims checked</h2>\n<table><tr><th class=l>claim</th><th>result</th><th class=l>statistic "
                    + "and margin</th><th class=l>rests on</th><th class=l>detail</th></tr>\n");
            for (AnalysisResult.Check c : analysis.checks()) {
                h.append("<tr><td class=l>").append(esc(c.claim())).append("</td><td>")
                        .append(ReproductionIndex.outcome(c)).append("</td><td class=l>").append(esc(c.margin().toString()))
                        .append("</td><td class=l>").append(esc(c.evidence().label())).append(": ")
                        .append(esc(c.evidence().basis())).append("</td><td class=l>")
                        .append(esc(c.detail())).append("</td></tr>\n");
            }
            h.append("</table>\n");
            if (!analysis.findings().isEmpty()) {
                h.append("<h2>Findings</h2>\n<table><tr><th class=l>quantity</th><th>value</th><th class=l>note</th></tr>\n");
                for (AnalysisResult.Finding f : analysis.findings()) {
                    h.append("<tr><td class=l>").append(esc(f.name())).append("</td><td>").append(num(f.value()))
                            .append("</td><td class=l>").append(esc(f.note())).append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
            for (String note : analysis.notes()) {
                h.append("<p>").append(esc(note)).append("</p>\n");
            }
            for (AnalysisResult.Figure f : analysis.figures()) {
                h.append(plots.add(f.chart(), f.name(), f.caption()));
            }
        }

        h.append("<h2>Summary</h2>\n<table><tr><th class=l>configuration</th><th class=l>optimizer</th>")
                .append("<th>runs</th><th>final training loss (median)</th><th>min</th><th>max</th>");
        boolean heldOut = data.metrics().contains(HELD_OUT);
        if (heldOut) {
            h.append("<th>final held-out loss (median)</th>");
        }
        h.append("<th>steps (median)</th><th class=l>stop reasons</th><th>ms (median)</th></tr>\n");
        Map<Map<String, String>, Map<String, List<RunRecord>>> groups = data.byConfiguration();
        for (var g : groups.entrySet()) {
            for (var o : g.getValue().entrySet()) {
                List<RunRecord> rs = o.getValue();
                double[] loss = rs.stream().mapToDouble(RunRecord::finalLoss).toArray();
                double[] steps = rs.stream().mapToDouble(RunRecord::steps).toArray();
                double[] ms = rs.stream().mapToDouble(RunRecord::elapsedMs).toArray();
                Map<String, Integer> reasons = new TreeMap<>();
                rs.forEach(r -> reasons.merge(r.stopReason() == null ? r.status().stored() : r.stopReason(), 1, Integer::sum));
                h.append("<tr><td class=l>").append(esc(ExperimentData.label(g.getKey()))).append("</td><td class=l>")
                        .append(esc(o.getKey())).append("</td><td>").append(rs.size()).append("</td><td>")
                        .append(num(Summaries.median(loss))).append("</td><td>").append(num(min(loss))).append("</td><td>")
                        .append(num(max(loss))).append("</td><td>");
                if (heldOut) {
                    h.append(num(Summaries.median(lastValues(data, rs, HELD_OUT)))).append("</td><td>");
                }
                h.append(num(Summaries.median(steps))).append("</td><td class=l>")
                        .append(esc(reasons.size() == 1 ? reasons.keySet().iterator().next() : counts(reasons))).append("</td><td>").append(num(Summaries.median(ms))).append("</td></tr>\n");
            }
        }
        h.append("</table>\n");

        List<String> toPlot = new ArrayList<>(metrics.isEmpty() ? data.metrics() : metrics);
        toPlot.removeAll(HIDDEN);
        h.append("<h2>Curves</h2>\n<p>Median over seeds with the min–max band.");
        if (groups.size() > MAX_CURVE_GROUPS) {
            h.append(" Drawn for the first ").append(MAX_CURVE_GROUPS).append(" of the ").append(groups.size())
                    .append(" grid points; the summary above lists every one.");
        }
        h.append("</p>\n");
        int drawn = 0;
        int point = 0;
        for (var g : groups.entrySet()) {
            if (drawn++ == MAX_CURVE_GROUPS) {
                break;
            }
            point++;
            String where = ExperimentData.label(g.getKey());
            String tag = groups.size() > 1 ? "point " + point : "";
            if (!where.isEmpty()) {
                h.append("<h3>").append(groups.size() > 1 ? "Point " + point + ": " : "").append(esc(where))
                        .append("</h3>\n");
            }
            for (String metric : toPlot) {
                h.append(curves(data, g.getValue(), metric, tag, where, plots));
            }
        }

        h.append(Sensitivity.table(data));
        for (AnalysisResult.Figure f : Sensitivity.figures(data)) {
            h.append(plots.add(f.chart(), f.name(), f.caption()));
        }

        h.append("<h2>Runs</h2>\n<details><summary>").append(runs.size()).append(" runs</summary>\n<table><tr>")
                .append("<th>#</th><th class=l>optimizer</th><th>repeat</th><th>seed</th><th class=l>configuration</th>")
                .append("<th class=l>status</th><th class=l>stop</th><th>steps</th><th>final loss</th><th>ms</th>")
                .append("<th class=l>backend</th><th class=l>error</th></tr>\n");
        for (RunRecord r : runs) {
            h.append("<tr><td>").append(r.index()).append("</td><td class=l>").append(esc(r.optimizer()))
                    .append("</td><td>").append(r.repeat()).append("</td><td>").append(r.seed()).append("</td><td class=l>")
                    .append(esc(ExperimentData.label(ExperimentData.configuration(r)))).append("</td><td class=l>")
                    .append(esc(r.status().stored())).append("</td><td class=l>").append(esc(r.stopReason())).append("</td><td>")
                    .append(r.steps()).append("</td><td>").append(num(r.finalLoss())).append("</td><td>")
                    .append(r.elapsedMs()).append("</td><td class=l>").append(esc(r.backend())).append("</td><td class=l>")
                    .append(esc(r.error())).append("</td></tr>\n");
        }
        h.append("</table></details>\n");
        h.append("<h2>Specification</h2>\n<details><summary>YAML</summary><pre>").append(esc(specText))
                .append("</pre></details>\n</body></html>\n");
        return h.toString();
    }

    /** The metric logged on a held-out set, reported beside the final training loss. */
    static final String HELD_OUT = "test_loss";

    /**
     * The figure of one metric at one grid point: a seed band per optimizer, the y range kept to the
     * runs that did not diverge, each diverged run marked at its last finite point.
     */
    private static String curves(ExperimentData data, Map<String, List<RunRecord>> byOptimizer, String metric,
                                 String tag, String where, Plots plots) throws Exception {
        List<SeedBand> bands = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<double[]> marks = new ArrayList<>();
        int c = 0;
        List<RunRecord> kept = new ArrayList<>();
        for (var o : byOptimizer.entrySet()) {
            bands.add(data.drawnBand(o.getKey(), o.getValue(), metric));
            List<RunRecord> diverged = new ArrayList<>();
            for (RunRecord r : o.getValue()) {
                (r.status() == dev.curvature.lab.store.RunStatus.DIVERGED ? diverged : kept).add(r);
            }
            List<double[][]> read = data.series(diverged, metric);
            for (double[][] sr : read) {
                int last = lastFinite(sr[1]);
                if (last >= 0) {
                    marks.add(new double[] {sr[0][last], sr[1][last], c});
                }
            }
            if (!diverged.isEmpty()) {
                notes.add(o.getKey() + ": " + diverged.size() + " of " + o.getValue().size()
                        + " runs diverged (at step" + (diverged.size() > 1 ? "s " : " ")
                        + String.join(", ", diverged.stream().map(r -> String.valueOf(r.steps())).toList()) + ")");
            }
            c++;
        }
        if (!notes.isEmpty()) {
            SeedBand k = data.drawnBand("kept", kept, metric);
            for (int i = 0; i < k.steps().length; i++) {
                lo = Math.min(lo, k.min()[i]);
                hi = Math.max(hi, k.max()[i]);
            }
        }
        boolean logY = positive(bands);
        XYChart chart = Charts.bands(metric + (tag.isEmpty() ? "" : " — " + tag), "step", metric, logY, bands);
        if (!notes.isEmpty()) {
            if (lo <= hi && !(logY && lo <= 0)) {
                Charts.limitY(chart, lo, hi);
            }
            int shown = 0;
            for (double[] m : marks) {
                if (!logY || m[1] > 0) {
                    String name = shown == 0 ? "diverged (×)" : "diverged " + shown;
                    Charts.mark(chart, name, new double[] {m[0]}, new double[] {m[1]}, (int) m[2]);
                    chart.getSeriesMap().get(name).setShowInLegend(shown++ == 0);
                }
            }
        }
        String caption = metric + " vs step" + (where.isEmpty() ? "" : " at " + where)
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return plots.add(chart, metric, caption);
    }

    private static int lastFinite(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) {
            if (Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The last finite value of {@code metric} of each run (NaN where it has none). */
    private static double[] lastValues(ExperimentData data, List<RunRecord> runs, String metric) throws Exception {
        double[] out = new double[runs.size()];
        List<double[][]> read = data.series(runs, metric);
        for (int i = 0; i < out.length; i++) {
            double[] v = read.get(i)[1];
            int last = lastFinite(v);
            out[i] = last < 0 ? Double.NaN : v[last];
        }
        return out;
    }

    private static String figure(XYChart chart, Path base, boolean svg, String caption) throws IOException {
        Path png = Charts.save(chart, base, svg);
        String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        String file = esc(base.getFileName().toString());
        return "<figure><img alt=\"" + esc(caption) + "\" width=\"" + chart.getWidth() + "\" src=\"data:image/png;base64,"
                + data + "\"><figcaption>" + esc(caption) + " (<a href=\"plots/" + file + ".png\">PNG</a>"
                + (svg ? ", <a href=\"plots/" + file + ".svg\">SVG</a>" : "") + ")</figcaption></figure>\n";
    }

    /**
     * Counts as words, largest first: {@code {done=18, failed=2}} reads {@code 18 done, 2 failed}.
     */
    static String counts(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> es = new ArrayList<>(counts.entrySet());
        es.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return String.join(", ", es.stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    private static boolean positive(List<SeedBand> bands) {
        boolean any = false;
        for (SeedBand b : bands) {
            for (double v : b.min()) {
                if (Double.isFinite(v)) {
                    if (v <= 0) {
                        return false;
                    }
                    any = true;
                }
            }
        }
        return any;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Numbers in the page's tables: as {@link Summaries#fmt}, with 4 significant digits. */
    private static String num(double v) {
        return Summaries.fmt(v, 4);
    }

    private static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        t = t.length() > 40 ? t.substring(0, 40).replaceAll("-$", "") : t;
        return t.isEmpty() ? "plot" : t;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
