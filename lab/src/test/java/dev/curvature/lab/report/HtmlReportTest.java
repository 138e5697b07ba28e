package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a tiny stored sweep (two grid points × two optimizers × three seeds, known final
 * losses): its sections, the summary's medians and ranges worked out by hand, the analysis table,
 * links to plots that exist, and no path of the machine it was written on.
 */
class HtmlReportTest {
    @TempDir
    Path dir;

    static final String EXPERIMENT = "tiny";
    static final String[] OPTIMIZERS = {"gd", "adam"};
    static final int[] N = {4, 6};
    /** Final losses by grid point, optimizer, seed. */
    static final double[][][] FINAL = {
        {{0.3, 0.1, 0.2}, {0.05, 0.07, 0.06}},
        {{1.5, Double.NaN, 2.5}, {0.9, 0.4, 0.5}},
    };

    private void fill(ResultStore store) throws Exception {
        store.beginExperiment(EXPERIMENT, "hash", "name: tiny\n");
        List<RunRecord> runs = new ArrayList<>();
        List<ResultStore.RunBatch> batches = new ArrayList<>();
        int index = 0;
        for (int g = 0; g < N.length; g++) {
            for (int o = 0; o < OPTIMIZERS.length; o++) {
                for (int s = 0; s < 3; s++) {
                    String id = EXPERIMENT + "/" + index;
                    runs.add(RunRecord.pending(id, EXPERIMENT, index, OPTIMIZERS[o], s, 100 + s,
                            "{\"problem.n\":\"" + N[g] + "\"}", "{}", "hash"));
                    double fin = FINAL[g][o][s];
                    boolean diverged = Double.isNaN(fin);
                    batches.add(new ResultStore.RunBatch(id, -1, new ResultStore.MetricRows(new long[] {0, 10},
                            new String[] {"loss", "loss"}, new double[] {10 + s, diverged ? 1e3 : fin}, 2), List.of(),
                            new ResultStore.RunState(diverged ? RunStatus.DIVERGED : RunStatus.DONE,
                                    diverged ? "diverged" : "max_steps", 10, fin, 0.0, 5 + s, null, "cpu", "25")));
                    index++;
                }
            }
        }
        store.registerRuns(runs);
        store.commit(batches);
    }

    private String report(AnalysisResult analysis) throws Exception {
        Path page;
        try (ResultStore store = ResultStore.open(dir)) {
            fill(store);
            page = HtmlReport.write(new ExperimentData(store, EXPERIMENT), "A sweep <small> & tiny.",
                    "name: tiny\nseed: 1\n", List.of(), analysis, dir);
        }
        assertEquals(dir.resolve("report.html"), page);
        return Files.readString(page);
    }

    @Test
    void theReportHasItsSectionsAndTheSummaryOfEachGroup() throws Exception {
        String html = report(null);
        for (String section : List.of("<h1>tiny</h1>", "<h2>Summary</h2>", "<h2>Curves</h2>", "<h2>Runs</h2>",
                "<h2>Specification</h2>")) {
            assertTrue(html.contains(section), section);
        }
        assertFalse(html.contains("Claims checked"), "no analysis, no claims table");
        assertTrue(html.contains("<p>A sweep &lt;small&gt; &amp; tiny.</p>"), "the description, escaped");
        assertTrue(html.contains("<p>12 runs: 11 done, 1 diverged</p>"), "counts by status, in words");
        // n = 4, gd: {0.1, 0.2, 0.3}; adam: {0.05, 0.06, 0.07}; n = 6, gd: {1.5, 2.5} (the diverged
        // run's loss is not a number); adam: {0.4, 0.5, 0.9}. Four significant digits.
        assertTrue(html.contains(row("problem.n=4", "gd", 3, "0.2000", "0.1000", "0.3000", "max_steps")), html);
        assertTrue(html.contains(row("problem.n=4", "adam", 3, "0.06000", "0.05000", "0.07000", "max_steps")));
        assertTrue(html.contains(row("problem.n=6", "gd", 3, "2", "1.500", "2.500", "2 max_steps, 1 diverged")));
        assertTrue(html.contains(row("problem.n=6", "adam", 3, "0.5000", "0.4000", "0.9000", "max_steps")));
        assertEquals(12, count(html, "<tr><td>\\d+</td><td class=l>(gd|adam)</td>"), "one row per run in the run table");
        assertTrue(html.contains("<pre>name: tiny\nseed: 1\n</pre>"), "the spec");
        assertTrue(html.contains("<th>final training loss (median)</th>"), "the final loss says it is the training loss");
        assertFalse(html.replaceAll("(?s)<pre>.*?</pre>", "").matches("(?s).*\\{\\w+=.*"), "no Java map text");
        assertFalse(html.contains("<nav>"), "no index link outside a reproduction");
    }

    @Test
    void aDivergedRunIsNotedUnderItsFigureWithItsStep() throws Exception {
        String html = report(null);
        // Run (n = 6, gd, seed 1) diverged at step 10 with loss 1e3; the others stay below 12.
        assertTrue(html.contains("gd: 1 of 3 runs diverged (at step 10)"), html);
        assertEquals(1, count(html, "<figcaption>[^<]*runs diverged"), "only the grid point with the diverged run has the note");
    }

    @Test
    void aReportBesideAReproductionIndexLinksBackToIt() throws Exception {
        Path parent = dir;
        dir = parent.resolve("tiny");
        ReproductionIndex.write(parent, "Reproductions", "java", List.of());
        String html = report(null);
        assertTrue(html.contains("<nav><a href=\"../index.html\">"), html.substring(0, 800));
    }

    /** The summary row up to the steps column (the milliseconds are the median of 5, 6, 7 = 6). */
    private static String row(String config, String optimizer, int runs, String median, String min, String max,
                              String reasons) {
        return "<tr><td class=l>" + config + "</td><td class=l>" + optimizer + "</td><td>" + runs + "</td><td>" + median
                + "</td><td>" + min + "</td><td>" + max + "</td><td>10</td><td class=l>" + reasons
                + "</td><td>6</td></tr>";
    }

    @Test
    void everyPlotLinkPointsToAWrittenFileAndNoAbsolutePathIsInThePage() throws Exception {
        String html = report(null);
        Matcher m = Pattern.compile("href=\"([^\"]+)\"").matcher(html);
        List<String> links = new ArrayList<>();
        while (m.find()) {
            links.add(m.group(1));
        }
        assertEquals(List.of("plots/00-loss.png", "plots/01-loss.png", "plots/02-sensitivity-problem-n.png"), links,
                "one loss curve per grid point, then the final loss against problem.n, named by number and metric");
        for (String link : links) {
            assertTrue(Files.size(dir.resolve(link)) > 0, link + " exists");
        }
        try (var files = Files.list(dir.resolve("plots"))) {
            assertEquals(0, files.filter(p -> p.toString().endsWith(".svg")).count(), "no SVG unless asked");
        }
        assertEquals(3, count(html, "src=\"data:image/png;base64,"), "each plot embedded");
        assertFalse(html.contains(dir.toString()), "the results folder's absolute path is not in the page");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("plots", "report.html", "results.duckdb"), files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("results.duckdb.")).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void theAnalysisChecksAndFindingsAreTabulated() throws Exception {
        AnalysisResult a = new AnalysisResult()
                .check("adam ends below gd", AnalysisResult.Margin.below(0.06, 0.2),
                        AnalysisResult.Evidence.seeds(5, "sign count"), "median 0.06 < 0.2")
                .check("gd never diverges", AnalysisResult.Margin.failures(1),
                        AnalysisResult.Evidence.deterministic("one run"), "1 diverged")
                .finding("ratio", 1.0 / 3.0, "adam/gd")
                .note("A note & more.");
        String html = report(a);
        assertTrue(html.contains("<h2>Claims checked</h2>"));
        // Margin (0.2 − 0.06)/0.2 = +70 %; a count of one failure against none allowed fails.
        assertTrue(html.contains("<tr><td class=l>adam ends below gd</td><td><span class=pass>pass</span></td>"
                + "<td class=l>0.0600 &lt; 0.200 (margin +70 %)</td><td class=l>5 seeds: sign count</td>"
                + "<td class=l>median 0.06 &lt; 0.2</td></tr>"), html);
        assertTrue(html.contains("<tr><td class=l>gd never diverges</td><td><span class=fail>FAIL</span></td>"
                + "<td class=l>1 ≤ 0 (margin -1)</td><td class=l>deterministic: one run</td>"
                + "<td class=l>1 diverged</td></tr>"), html);
        assertTrue(html.contains("<h2>Findings</h2>"));
        assertTrue(html.contains("<tr><td class=l>ratio</td><td>0.3333</td><td class=l>adam/gd</td></tr>"), html);
        assertTrue(html.contains("<p>A note &amp; more.</p>"));
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
