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
 * data, no scripts, no external files) plus each plot as PNG and SVG under {@code plots/}.
 * Sections: analysis checks and findings, a summary by configuration and optimizer (median and
 * range over seeds), metric curves with seed bands, the run table, and the spec.
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
        removeLeftovers(dir);
        Path staging = null;
        Path page = null;
        try {
            WriteGate.check(WriteGate.Op.CREATE, dir);
            staging = Files.createTempDirectory(dir, STAGING_PREFIX);
            page = Files.createTempFile(dir, PAGE_PREFIX, ".tmp");
            readableByAll(staging, "rwxr-xr-x");
            readableByAll(page, "rw-r--r--");
            String html = render(data, description, specText, metrics, analysis, staging);
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

    /** The page, with its plots written into {@code plots}. */
    private static String render(ExperimentData data, String description, String specText, List<String> metrics,
                                 AnalysisResult analysis, Path plots) throws Exception {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(data.experiment())).append(" — Curvature report</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}")
                .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
                .append("td.l,th.l{text-align:left}.pass{color:#1a7f37;font-weight:bold}")
                .append(".fail{color:#cf222e;font-weight:bold}.ill{color:#777;font-weight:bold}figure{display:inline-block;margin:0.5em}")
                .append("figcaption{font-size:0.85em;color:#555;max-width:720px}pre{background:#f6f8fa;padding:1em;")
                .append("overflow:auto}</style></head><body>\n");
        h.append("<h1>").append(esc(data.experiment())).append("</h1>\n");
        if (!description.isBlank()) {
            h.append("<p>").append(esc(description)).append("</p>\n");
        }
        List<RunRecord> runs = data.runs();
        Map<String, Integer> status = new TreeMap<>();
        runs.forEach(r -> status.merge(r.status().stored(), 1, Integer::sum));
        h.append("<p>").append(runs.size()).append(" runs: ").append(esc(status.toString())).append("</p>\n");

        int fig = 0;
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
                h.append(figure(f.chart(), plots.resolve(String.format("%02d-%s", fig++, slug(f.name()))), f.caption()));
            }
        }

        h.append("<h2>Summary</h2>\n<table><tr><th class=l>configuration</th><th class=l>optimizer</th>")
                .append("<th>runs</th><th>final loss (median)</th><th>min</th><th>max</th><th>steps (median)</th>")
                .append("<th class=l>stop reasons</th><th>ms (median)</th></tr>\n");
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
                        .append(num(max(loss))).append("</td><td>").append(num(Summaries.median(steps))).append("</td><td class=l>")
                        .append(esc(reasons.toString())).append("</td><td>").append(num(Summaries.median(ms))).append("</td></tr>\n");
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
        for (var g : groups.entrySet()) {
            if (drawn++ == MAX_CURVE_GROUPS) {
                break;
            }
            String where = ExperimentData.label(g.getKey());
            if (!where.isEmpty()) {
                h.append("<h3>").append(esc(where)).append("</h3>\n");
            }
            for (String metric : toPlot) {
                List<SeedBand> bands = new ArrayList<>();
                for (var o : g.getValue().entrySet()) {
                    bands.add(data.band(o.getKey(), o.getValue(), metric));
                }
                boolean logY = positive(bands);
                XYChart chart = Charts.bands(metric + (where.isEmpty() ? "" : " — " + where), "step", metric, logY,
                        bands);
                h.append(figure(chart, plots.resolve(String.format("%02d-%s", fig++, slug(metric + "-" + where))),
                        metric + " vs step" + (logY ? " (log scale)" : "")));
            }
        }

        h.append(Sensitivity.table(data));
        for (AnalysisResult.Figure f : Sensitivity.figures(data)) {
            h.append(figure(f.chart(), plots.resolve(String.format("%02d-%s", fig++, slug(f.name()))), f.caption()));
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

    private static String figure(XYChart chart, Path base, String caption) throws IOException {
        Path png = Charts.save(chart, base);
        String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        return "<figure><img alt=\"" + esc(caption) + "\" width=\"" + chart.getWidth() + "\" src=\"data:image/png;base64,"
                + data + "\"><figcaption>" + esc(caption) + " (<a href=\"plots/" + esc(base.getFileName().toString())
                + ".svg\">SVG</a>)</figcaption></figure>\n";
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
        return t.length() > 60 ? t.substring(0, 60) : t;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
