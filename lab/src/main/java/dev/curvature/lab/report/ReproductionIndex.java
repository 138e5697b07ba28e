package dev.curvature.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.curvature.core.io.AtomicFiles;
import dev.curvature.core.io.WriteGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The entry page of {@code curvature reproduce --all}: one self-contained {@code index.html} in
 * the parent folder of the experiments' results, with a row per experiment (its outcome, each
 * checked claim with pass/fail, its margin and what it rests on, its time) linking to the
 * experiment's own {@code report.html}, under a line naming the numeric configuration the runs
 * used. Beside it, {@code checks.json} holds the same outcomes for programs (the numerics matrix
 * of {@link NumericsMatrix} reads it). Both are rewritten after every experiment, so an
 * interrupted reproduction still has an index of what it finished.
 */
public final class ReproductionIndex {
    /** The machine-readable outcomes beside the page. */
    public static final String CHECKS_FILE = "checks.json";
    /** The page; an experiment's report in a folder beside it links back to it. */
    public static final String PAGE = "index.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReproductionIndex() {}

    /** Outcome of one experiment. */
    public enum Status {
        /** Every run finished and every check passed. */
        PASS,
        /** A run failed or a check did not hold. */
        FAIL,
        /** Not run: the build lacks a component it needs. */
        SKIPPED,
        /** Stopped by an error before its report was written. */
        ERROR
    }

    /**
     * One experiment of the index.
     *
     * @param report  its report relative to the index folder, or null when it has none
     * @param summary runs by outcome, a skip reason or an error message
     * @param checks  the analysis's checks (empty without an analysis)
     */
    public record Entry(String name, String description, Status status, String summary,
                        List<AnalysisResult.Check> checks, double seconds, String report) {}

    /**
     * Writes {@code dir/index.html} and {@code dir/checks.json} (each through a temporary file, so a
     * reader never sees half a page); {@code numerics} names the numeric configuration of the runs.
     */
    public static Path write(Path dir, String title, String numerics, List<Entry> entries) throws IOException {
        WriteGate.check(WriteGate.Op.CREATE, dir);
        Files.createDirectories(dir);
        install(dir, CHECKS_FILE, JSON.writeValueAsString(toJson(title, numerics, entries)));
        return install(dir, PAGE, render(title, numerics, entries));
    }

    /** Writes {@code text} to {@code dir/name} through a temporary file readable by all. */
    static Path install(Path dir, String name, String text) throws IOException {
        Path out = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp");
        try {
            HtmlReport.readableByAll(tmp, "rw-r--r--");
            WriteGate.check(WriteGate.Op.WRITE, tmp);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            AtomicFiles.replace(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    private static Map<String, Object> toJson(String title, String numerics, List<Entry> entries) {
        List<Object> exps = new ArrayList<>();
        for (Entry e : entries) {
            List<Object> checks = new ArrayList<>();
            for (AnalysisResult.Check c : e.checks()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("claim", c.claim());
                m.put("passed", c.passed());
                m.put("value", finite(c.margin().value()));
                m.put("op", c.margin().op().symbol());
                m.put("threshold", finite(c.margin().threshold()));
                m.put("margin", finite(c.margin().distance()));
                m.put("margin_relative", c.margin().relative());
                m.put("evidence", c.evidence().kind().name().toLowerCase(Locale.ROOT));
                m.put("seeds", c.evidence().seeds());
                m.put("basis", c.evidence().basis());
                m.put("detail", c.detail());
                checks.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("status", e.status().name());
            m.put("summary", e.summary());
            m.put("seconds", e.seconds());
            m.put("report", e.report());
            m.put("checks", checks);
            exps.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", title);
        root.put("numerics", numerics);
        root.put("experiments", exps);
        return root;
    }

    /** JSON has no infinities or NaN: those become their names as strings. */
    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }

    static String render(String title, String numerics, List<Entry> entries) {
        long passed = entries.stream().filter(e -> e.status() == Status.PASS).count();
        double total = entries.stream().mapToDouble(Entry::seconds).sum();
        StringBuilder h = new StringBuilder();
        head(h, title);
        h.append("<h1>").append(HtmlReport.esc(title)).append("</h1>\n<p>").append(passed).append(" of ")
                .append(entries.size()).append(" experiments reproduced (every run finished and every check passed) in ")
                .append(String.format(Locale.ROOT, "%.1f s", total)).append(".</p>\n<p class=d>Numerics: ")
                .append(HtmlReport.esc(numerics)).append(". Each check shows its statistic against its threshold "
                        + "(margin: the distance on the passing side, relative to the threshold) and what it rests "
                        + "on: a statistic over seeds (at least " + AnalysisResult.Evidence.MIN_SEEDS
                        + "), a deterministic computation, or an illustration that does not decide.</p>\n");
        h.append("<table><tr><th>experiment</th><th>outcome</th><th>checks</th><th>time</th></tr>\n");
        for (Entry e : entries) {
            h.append("<tr><td>");
            if (e.report() != null) {
                h.append("<a href=\"").append(HtmlReport.esc(e.report())).append("\">")
                        .append(HtmlReport.esc(e.name())).append("</a>");
            } else {
                h.append(HtmlReport.esc(e.name()));
            }
            if (!e.description().isBlank()) {
                h.append("<div class=d>").append(HtmlReport.esc(e.description().strip())).append("</div>");
            }
            h.append("</td><td><span class=").append(e.status()).append('>').append(e.status()).append("</span><div class=d>")
                    .append(HtmlReport.esc(e.summary())).append("</div></td><td>");
            if (!e.checks().isEmpty()) {
                h.append("<ul>");
                for (AnalysisResult.Check c : e.checks()) {
                    h.append("<li>").append(outcome(c)).append(' ').append(HtmlReport.esc(c.claim()))
                            .append("<div class=d>").append(HtmlReport.esc(c.margin().toString())).append("; ")
                            .append(HtmlReport.esc(c.evidence().label())).append(" — ")
                            .append(HtmlReport.esc(c.detail())).append("</div></li>");
                }
                h.append("</ul>");
            }
            h.append("</td><td class=n>").append(String.format(Locale.ROOT, "%.1f s", e.seconds())).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** The pass/FAIL mark of a check; an illustration that did not hold is marked as such, not as a failure. */
    static String outcome(AnalysisResult.Check c) {
        if (c.evidence().kind() == AnalysisResult.Evidence.Kind.ILLUSTRATION) {
            return c.passed() ? "<span class=pass>pass</span>" : "<span class=ill>not shown</span>";
        }
        return c.passed() ? "<span class=pass>pass</span>" : "<span class=fail>FAIL</span>";
    }

    static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(HtmlReport.esc(title)).append(" — Curvature</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em;width:100%}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap}ul{margin:0;padding-left:1.2em}")
                .append(".PASS,.pass{color:#1a7f37;font-weight:bold}.FAIL,.fail,.ERROR{color:#cf222e;font-weight:bold}")
                .append(".SKIPPED,.ill{color:#777;font-weight:bold}.d{color:#555;font-size:0.9em}</style></head><body>\n");
    }
}
