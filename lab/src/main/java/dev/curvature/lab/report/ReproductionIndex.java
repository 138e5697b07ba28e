package dev.curvature.lab.report;

import dev.curvature.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The entry page of {@code curvature reproduce --all}: one self-contained {@code index.html} in
 * the parent folder of the experiments' results, with a row per experiment (its outcome, each
 * checked claim with pass/fail, its time) linking to the experiment's own {@code report.html}.
 * It is rewritten after every experiment, so an interrupted reproduction still has an index of
 * what it finished.
 */
public final class ReproductionIndex {
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

    /** Writes {@code dir/index.html} (through a temporary file, so a reader never sees half a page). */
    public static Path write(Path dir, String title, List<Entry> entries) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("index.html");
        Path tmp = Files.createTempFile(dir, ".index-", ".tmp");
        try {
            HtmlReport.readableByAll(tmp, "rw-r--r--");
            Files.writeString(tmp, render(title, entries), StandardCharsets.UTF_8);
            AtomicFiles.replace(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    static String render(String title, List<Entry> entries) {
        long passed = entries.stream().filter(e -> e.status() == Status.PASS).count();
        double total = entries.stream().mapToDouble(Entry::seconds).sum();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(HtmlReport.esc(title)).append(" — Curvature</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em;width:100%}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap}ul{margin:0;padding-left:1.2em}")
                .append(".PASS,.pass{color:#1a7f37;font-weight:bold}.FAIL,.fail,.ERROR{color:#cf222e;font-weight:bold}")
                .append(".SKIPPED{color:#777;font-weight:bold}.d{color:#555;font-size:0.9em}</style></head><body>\n");
        h.append("<h1>").append(HtmlReport.esc(title)).append("</h1>\n<p>").append(passed).append(" of ")
                .append(entries.size()).append(" experiments reproduced (every run finished and every check passed) in ")
                .append(String.format(Locale.ROOT, "%.1f s", total)).append(".</p>\n");
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
                    h.append("<li><span class=").append(c.passed() ? "pass>pass" : "fail>FAIL").append("</span> ")
                            .append(HtmlReport.esc(c.claim())).append("<div class=d>").append(HtmlReport.esc(c.detail()))
                            .append("</div></li>");
                }
                h.append("</ul>");
            }
            h.append("</td><td class=n>").append(String.format(Locale.ROOT, "%.1f s", e.seconds())).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }
}
