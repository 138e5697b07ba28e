package dev.curvature.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reproductions under several numeric configurations side by side: one row per experiment and
 * check, one column per configuration, each cell the check's outcome and margin. It reads the
 * {@code checks.json} that each configuration's {@code reproduce --all} wrote
 * ({@link ReproductionIndex}) and writes one self-contained page. A claim check is trustworthy
 * when it holds in every column: floating-point summation order (OpenBLAS kernel family, Java
 * kernels) must not decide it.
 */
public final class NumericsMatrix {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NumericsMatrix() {}

    /** One configuration's outcomes: its name, the folder of its index, and the parsed checks.json (null when absent). */
    public record Column(String name, String description, Path indexDir, JsonNode checks) {}

    /** Reads {@code dir/checks.json}, or null when the configuration wrote none (it failed to start). */
    public static Column column(String name, String description, Path dir) throws IOException {
        Path f = dir.resolve(ReproductionIndex.CHECKS_FILE);
        return new Column(name, description, dir, Files.isRegularFile(f) ? JSON.readTree(f.toFile()) : null);
    }

    /** Whether every experiment of every column passed (a missing column counts as a failure). */
    public static boolean allPassed(List<Column> columns) {
        for (Column c : columns) {
            if (c.checks() == null) {
                return false;
            }
            for (JsonNode e : c.checks().path("experiments")) {
                String s = e.path("status").asText();
                if (!s.equals("PASS") && !s.equals("SKIPPED")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes {@code out} (the matrix page); links point into each column's index folder. */
    public static Path write(Path out, String title, List<Column> columns) throws IOException {
        // experiment -> claim -> column -> check
        Map<String, Map<String, Map<String, JsonNode>>> rows = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> status = new LinkedHashMap<>();
        for (Column c : columns) {
            if (c.checks() == null) {
                continue;
            }
            for (JsonNode e : c.checks().path("experiments")) {
                String name = e.path("name").asText();
                status.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(c.name(), e);
                Map<String, Map<String, JsonNode>> claims = rows.computeIfAbsent(name, k -> new LinkedHashMap<>());
                for (JsonNode ch : e.path("checks")) {
                    claims.computeIfAbsent(ch.path("claim").asText(), k -> new LinkedHashMap<>()).put(c.name(), ch);
                }
            }
        }
        StringBuilder h = new StringBuilder();
        ReproductionIndex.head(h, title);
        h.append("<h1>").append(HtmlReport.esc(title)).append("</h1>\n<p>").append(allPassed(columns)
                ? "Every check holds under every configuration." : "<span class=fail>Some check fails under some "
                + "configuration</span> (or a configuration did not finish).").append("</p>\n<ul>");
        for (Column c : columns) {
            h.append("<li><b>").append(HtmlReport.esc(c.name())).append("</b>: ").append(HtmlReport.esc(c.description()));
            if (c.checks() != null) {
                h.append(" — <a href=\"").append(HtmlReport.esc(rel(out, c.indexDir().resolve("index.html"))))
                        .append("\">its index</a><div class=d>").append(HtmlReport.esc(c.checks().path("numerics").asText()))
                        .append("</div>");
            } else {
                h.append(" — <span class=fail>no results</span>");
            }
            h.append("</li>");
        }
        h.append("</ul>\n<p class=d>Each cell: the outcome and the margin (distance of the check's statistic from "
                + "its threshold on the passing side, relative to the threshold where it is not 0).</p>\n");
        h.append("<table><tr><th>experiment</th><th>check</th><th>rests on</th>");
        for (Column c : columns) {
            h.append("<th>").append(HtmlReport.esc(c.name())).append("</th>");
        }
        h.append("</tr>\n");
        for (var e : rows.entrySet()) {
            int span = Math.max(1, e.getValue().size());
            h.append("<tr><td rowspan=").append(span).append('>').append(HtmlReport.esc(e.getKey()));
            for (Column c : columns) {
                JsonNode st = status.getOrDefault(e.getKey(), Map.of()).get(c.name());
                if (st != null) {
                    h.append("<div class=d>").append(HtmlReport.esc(c.name())).append(": <a href=\"")
                            .append(HtmlReport.esc(st.path("report").isNull() ? "" : rel(out,
                                    c.indexDir().resolve(st.path("report").asText()))))
                            .append("\">").append(st.path("status").asText()).append("</a> ")
                            .append(String.format(Locale.ROOT, "%.0f s", st.path("seconds").asDouble())).append("</div>");
                }
            }
            h.append("</td>");
            if (e.getValue().isEmpty()) {
                h.append("<td colspan=").append(columns.size() + 2).append(" class=d>no checks</td></tr>\n");
                continue;
            }
            boolean first = true;
            for (var claim : e.getValue().entrySet()) {
                if (!first) {
                    h.append("<tr>");
                }
                first = false;
                JsonNode any = claim.getValue().values().iterator().next();
                h.append("<td>").append(HtmlReport.esc(claim.getKey())).append("</td><td class=d>")
                        .append(HtmlReport.esc(evidence(any))).append("</td>");
                for (Column c : columns) {
                    JsonNode ch = claim.getValue().get(c.name());
                    h.append("<td class=n>").append(ch == null ? "–" : cell(ch)).append("</td>");
                }
                h.append("</tr>\n");
            }
        }
        h.append("</table>\n</body></html>\n");
        return ReproductionIndex.install(out.getParent(), out.getFileName().toString(), h.toString());
    }

    /** Text lines for the terminal: one per check that failed anywhere, then the tally. */
    public static List<String> summary(List<Column> columns) {
        List<String> lines = new ArrayList<>();
        int checks = 0;
        for (Column c : columns) {
            if (c.checks() == null) {
                lines.add(c.name() + ": no results");
                continue;
            }
            for (JsonNode e : c.checks().path("experiments")) {
                for (JsonNode ch : e.path("checks")) {
                    checks++;
                    if (!ch.path("passed").asBoolean() && !ch.path("evidence").asText().equals("illustration")) {
                        lines.add("[FAIL] " + c.name() + " / " + e.path("name").asText() + ": " + ch.path("claim").asText()
                                + " (" + margin(ch) + ")");
                    }
                }
                String s = e.path("status").asText();
                if (s.equals("ERROR")) {
                    lines.add("[ERROR] " + c.name() + " / " + e.path("name").asText() + ": " + e.path("summary").asText());
                }
            }
        }
        lines.add(checks + " check outcomes over " + columns.size() + " configurations; "
                + (allPassed(columns) ? "all hold" : "not all hold"));
        return lines;
    }

    private static String cell(JsonNode ch) {
        boolean ill = ch.path("evidence").asText().equals("illustration");
        String mark = ch.path("passed").asBoolean() ? "<span class=pass>pass</span>"
                : ill ? "<span class=ill>not shown</span>" : "<span class=fail>FAIL</span>";
        return mark + "<div class=d>" + HtmlReport.esc(margin(ch)) + "</div>";
    }

    /** E.g. {@code +23 %} or {@code +0.12}. */
    static String margin(JsonNode ch) {
        JsonNode m = ch.path("margin");
        if (!m.isNumber()) {
            return m.asText();
        }
        double d = m.asDouble();
        return ch.path("margin_relative").asBoolean() ? String.format(Locale.ROOT, "%+.0f %%", 100 * d)
                : String.format(Locale.ROOT, "%+.3g", d);
    }

    private static String evidence(JsonNode ch) {
        return switch (ch.path("evidence").asText()) {
            case "seeds" -> ch.path("seeds").asInt() + " seeds";
            case "deterministic" -> "deterministic";
            default -> "illustration";
        };
    }

    private static String rel(Path from, Path to) {
        return from.toAbsolutePath().getParent().relativize(to.toAbsolutePath()).toString().replace('\\', '/');
    }
}
