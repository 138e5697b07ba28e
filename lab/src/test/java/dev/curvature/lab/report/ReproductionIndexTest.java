package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.report.ReproductionIndex.Entry;
import dev.curvature.lab.report.ReproductionIndex.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index page of {@code reproduce --all}: a link per report, each check's outcome, the tally. */
class ReproductionIndexTest {
    @TempDir
    Path tmp;

    @Test
    void linksEveryReportWithItsChecks() throws Exception {
        List<Entry> entries = List.of(
                new Entry("alpha", "First <one>", Status.PASS, "4 runs, 4 done",
                        List.of(new AnalysisResult.Check("rate is linear", true, "slope 1.02",
                                AnalysisResult.Margin.atLeast(1.02, 0.9), AnalysisResult.Evidence.seeds(5, "fit"))), 1.5, "alpha/report.html"),
                new Entry("beta", "", Status.FAIL, "2 runs, 2 done",
                        List.of(new AnalysisResult.Check("escapes the saddle", false, "3 of 5",
                                AnalysisResult.Margin.atLeast(3, 5), AnalysisResult.Evidence.seeds(5, "count"))), 2.0, "beta/report.html"),
                new Entry("gamma", "", Status.SKIPPED, "needs optimizer 'x'", List.of(), 0, null));
        Path index = ReproductionIndex.write(tmp, "Reproductions", "java (test)", entries);
        assertEquals(tmp.resolve("index.html"), index);
        String html = Files.readString(index);
        assertTrue(html.contains("<a href=\"alpha/report.html\">alpha</a>"), html);
        assertTrue(html.contains("<a href=\"beta/report.html\">beta</a>"), html);
        assertFalse(html.contains("href=\"gamma"), "a skipped experiment has no report");
        assertTrue(html.contains("1 of 3 experiments reproduced"), html);
        assertTrue(html.contains("<span class=pass>pass</span> rate is linear"), html);
        assertTrue(html.contains("<span class=fail>FAIL</span> escapes the saddle"), html);
        assertTrue(html.contains("First &lt;one&gt;"), "descriptions are escaped");
        assertTrue(html.contains("3.5 s"), "total time");
        assertTrue(html.contains("1.02 ≥ 0.900 (margin +13 %); 5 seeds"), "the margin and the evidence of a check");
        assertTrue(html.contains("3 ≥ 5 (margin −40 %)") || html.contains("3 ≥ 5 (margin -40 %)"), html);
        assertTrue(html.contains("Numerics: java (test)"), html);
        try (var s = Files.list(tmp)) {
            assertEquals(java.util.Set.of(index, tmp.resolve(ReproductionIndex.CHECKS_FILE)),
                    java.util.Set.copyOf(s.toList()), "no temporary file left");
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve(ReproductionIndex.CHECKS_FILE)
                .toFile());
        assertEquals("java (test)", json.path("numerics").asText());
        var beta = json.path("experiments").get(1);
        assertEquals("FAIL", beta.path("status").asText());
        assertEquals(-0.4, beta.path("checks").get(0).path("margin").asDouble(), 1e-12);
        assertEquals("seeds", beta.path("checks").get(0).path("evidence").asText());
        assertEquals(5, beta.path("checks").get(0).path("seeds").asInt());
    }
}
