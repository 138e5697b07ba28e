package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.report.AnalysisResult.Check;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.ReproductionIndex.Entry;
import dev.curvature.lab.report.ReproductionIndex.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix of check outcomes under several numeric configurations. */
class NumericsMatrixTest {
    @TempDir
    Path tmp;

    private static Entry entry(boolean passed, double value) {
        Check c = new Check("loss-based not worse than linear", passed, "detail", Margin.atMost(value, 1.25),
                Evidence.seeds(10, "median paired ratio"));
        return new Entry("warmup-schedules", "", passed ? Status.PASS : Status.FAIL, "60 runs", List.of(c), 12,
                "warmup-schedules/report.html");
    }

    @Test
    void showsEveryConfigurationsOutcomeAndMargin() throws Exception {
        ReproductionIndex.write(tmp.resolve("native/quick"), "t", "native (OpenBLAS, core Cooperlake)",
                List.of(entry(true, 1.0)));
        ReproductionIndex.write(tmp.resolve("java/quick"), "t", "java", List.of(entry(false, 1.5)));
        List<NumericsMatrix.Column> cols = List.of(
                NumericsMatrix.column("native", "own detection", tmp.resolve("native/quick")),
                NumericsMatrix.column("java", "Java kernels", tmp.resolve("java/quick")));
        assertFalse(NumericsMatrix.allPassed(cols), "a check fails under java");
        Path page = NumericsMatrix.write(tmp.resolve("quick.html"), "matrix", cols);
        String html = Files.readString(page);
        assertTrue(html.contains("+20 %"), "native: 1.0 ≤ 1.25 is 20 % inside");
        assertTrue(html.contains("-20 %"), "java: 1.5 ≤ 1.25 fails by 20 %");
        assertTrue(html.contains("href=\"native/quick/index.html\""), html);
        assertTrue(html.contains("href=\"java/quick/warmup-schedules/report.html\""), html);
        assertTrue(html.contains("10 seeds"), html);
        List<String> lines = NumericsMatrix.summary(cols);
        assertTrue(lines.get(0).startsWith("[FAIL] java / warmup-schedules"), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("[FAIL]")).count());
    }

    @Test
    void aConfigurationWithoutResultsFails() throws Exception {
        ReproductionIndex.write(tmp.resolve("native/quick"), "t", "native", List.of(entry(true, 1.0)));
        NumericsMatrix.Column missing = NumericsMatrix.column("java", "Java kernels", tmp.resolve("java/quick"));
        assertNull(missing.checks());
        List<NumericsMatrix.Column> cols = List.of(
                NumericsMatrix.column("native", "own detection", tmp.resolve("native/quick")), missing);
        assertFalse(NumericsMatrix.allPassed(cols));
        assertTrue(NumericsMatrix.allPassed(cols.subList(0, 1)));
        assertTrue(Files.readString(NumericsMatrix.write(tmp.resolve("quick.html"), "m", cols)).contains("no results"));
    }
}
