package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.testing.DevTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports opened in headless Chromium. The report of a small experiment (the quick built-in
 * Rosenbrock baselines, written beside a reproduction index): every plot image loads and decodes
 * with a non-zero size down to its last row (drawn on a canvas: a truncated image leaves
 * transparent rows), the page logs no console error, throws no exception and has no failed
 * request, links back to the index, and with SVGs asked for, every linked SVG plot exists and
 * renders as an SVG document. The report of a sizeable sweep (243 runs of 2,000 steps, the case
 * that once wrote a 150 MB plot folder) stays within its size budget and renders every figure,
 * with no Java map text in the page. Skipped when no Chromium is installed (Debian: apt-get
 * install chromium).
 */
class ReportInChromiumTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyPlotLoadsAndTheConsoleStaysClean() throws Exception {
        Optional<Path> chromium = DevTools.chromium();
        assumeTrue(chromium.isPresent(), "no Chromium binary (/usr/bin/chromium; -Dcurvature.chromium or $CHROMIUM "
                + "to point at one); on Debian: apt-get install -y chromium");

        Path out = tmp.resolve("report");
        ReproductionIndex.write(tmp, "Reproductions", "java", List.of());
        var spec = BuiltinExperiments.get("baselines-rosenbrock").quick();
        Lab.Result result = Lab.execute(spec, out, new Runner.Options(2, false, Progress.silent()));
        assertEquals(0, result.outcome().failed());
        Path report;
        try (var store = dev.curvature.lab.store.ResultStore.openExisting(out)) {
            report = Lab.report(store, spec, null, true).report();
        }
        String html = Files.readString(report);
        int images = count(html, "<img ");
        assertTrue(images >= 4, images + " images in the report");
        List<String> svgs = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"(plots/[^\"]+\\.svg)\"").matcher(html);
        while (m.find()) {
            svgs.add(m.group(1));
        }
        assertEquals(images, svgs.size(), "one SVG link per plot");

        try (DevTools browser = DevTools.start(chromium.get(), tmp.resolve("profile"))) {
            for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                browser.send(domain + ".enable", Map.of());
            }
            browser.send("Page.navigate", Map.of("url", report.toUri().toString()));
            browser.await("Page.loadEventFired");
            // A truncated PNG still reports its size and decodes; its missing rows stay transparent.
            JsonNode state = evaluate(browser, """
                    function opaqueRows(img) {
                      const c = document.createElement('canvas');
                      c.width = img.naturalWidth; c.height = img.naturalHeight;
                      const g = c.getContext('2d');
                      g.drawImage(img, 0, 0);
                      let rows = 0;
                      for (const y of [0, Math.floor(c.height / 2), c.height - 1]) {
                        const d = g.getImageData(0, y, c.width, 1).data;
                        let opaque = true;
                        for (let k = 3; k < d.length; k += 4) { if (d[k] !== 255) { opaque = false; break; } }
                        if (opaque) rows++;
                      }
                      return rows;
                    }
                    Promise.all(Array.from(document.images).map(i =>
                        i.decode().then(() => null, e => (i.alt || i.src.slice(0, 40)) + ': ' + e)))
                      .then(failed => JSON.stringify({
                        images: Array.from(document.images).map(i => ({alt: i.alt, complete: i.complete,
                                 width: i.naturalWidth, height: i.naturalHeight, opaqueRows: opaqueRows(i)})),
                        failed: failed.filter(f => f !== null),
                        index: Array.from(document.links).filter(a => a.getAttribute('href') === '../index.html').length,
                        title: document.title}))
                    """);
            assertEquals(1, state.path("index").asInt(), "a link back to the reproduction index");
            assertEquals(images, state.path("images").size(), state::toString);
            for (JsonNode img : state.path("images")) {
                assertTrue(img.path("complete").asBoolean() && img.path("width").asInt() > 0
                        && img.path("height").asInt() > 0, "plot did not load: " + img);
                assertEquals(3, img.path("opaqueRows").asInt(), "plot not decoded to its last row: " + img);
            }
            assertEquals(0, state.path("failed").size(), "images that do not decode: " + state.path("failed"));
            assertTrue(state.path("title").asText().startsWith("baselines-rosenbrock"), state::toString);
            assertNoErrors(browser.events(), "report.html");

            for (String svg : svgs) {
                Path file = out.resolve(svg);
                assertTrue(Files.isRegularFile(file), "linked plot " + file);
            }
            browser.clearEvents();
            browser.send("Page.navigate", Map.of("url", out.resolve(svgs.get(0)).toUri().toString()));
            browser.await("Page.loadEventFired");
            JsonNode svg = evaluate(browser, "JSON.stringify({root: document.documentElement.nodeName, "
                    + "errors: document.getElementsByTagName('parsererror').length})");
            assertEquals("svg", svg.path("root").asText(), svg::toString);
            assertEquals(0, svg.path("errors").asInt(), svg::toString);
            assertNoErrors(browser.events(), svgs.get(0));
        }
    }

    /** Evaluates a JavaScript expression that yields (a promise of) a JSON string. */
    private static JsonNode evaluate(DevTools browser, String expression) throws Exception {
        JsonNode r = browser.send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        assertTrue(!r.has("exceptionDetails"), () -> "script failed: " + r.get("exceptionDetails"));
        return JSON.readTree(r.path("result").path("value").asText());
    }

    /** No console error or assertion, uncaught exception, error log entry or failed request. */
    private static void assertNoErrors(List<JsonNode> events, String page) {
        List<String> problems = new ArrayList<>();
        for (JsonNode e : events) {
            String method = e.path("method").asText();
            JsonNode p = e.path("params");
            switch (method) {
                case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    String type = p.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        problems.add("console." + type + ": " + p.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        problems.add("log: " + p.path("entry"));
                    }
                }
                case "Network.loadingFailed" -> problems.add("failed request: " + p);
                default -> { }
            }
        }
        assertEquals(List.of(), problems, "errors on " + page);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The sweep of issue 15: a 3×3 learning-rate grid crossed with three optimizers, 9 seeds each. */
    private static final String SWEEP = """
            name: sweep243
            repeats: 9
            problem: {name: rosenbrock, n: 10, noise: 0.01}
            optimizers:
              gd: {name: gd, lr: 1.0e-3}
              adam: {name: adam, lr: 1.0e-2}
              sgd: {name: sgd, lr: 1.0e-3, momentum: 0.9}
            grid:
              optimizers.gd.lr: [1.0e-4, 3.0e-4, 1.0e-3]
              optimizers.adam.lr: [1.0e-3, 1.0e-2, 1.0e-1]
            stop: {max_steps: 2000}
            """;

    /** Page and folder budgets of the sweep's report (they were 3.2 MB and 169 MB). */
    static final long PAGE_BUDGET = 5L << 20;
    static final long PLOTS_BUDGET = 10L << 20;

    @Test
    void aSizeableSweepsReportStaysWithinItsBudgetAndRendersEveryFigure() throws Exception {
        Optional<Path> chromium = DevTools.chromium();
        assumeTrue(chromium.isPresent(), "no Chromium binary");
        Path out = tmp.resolve("sweep");
        Lab.Result result = Lab.execute(dev.curvature.lab.spec.ExperimentSpec.parse(SWEEP, "sweep243.yaml"), out,
                new Runner.Options(2, false, Progress.silent()));
        assertEquals(243, result.outcome().done(), "runs done");
        Path report = result.report();
        assertTrue(Files.size(report) <= PAGE_BUDGET, "report.html is " + Files.size(report) + " bytes");
        long plots;
        long svgs;
        try (var files = Files.list(out.resolve("plots"))) {
            List<Path> all = files.toList();
            plots = 0;
            for (Path p : all) {
                plots += Files.size(p);
            }
            svgs = all.stream().filter(p -> p.toString().endsWith(".svg")).count();
        }
        assertTrue(plots <= PLOTS_BUDGET, "plots/ holds " + plots + " bytes");
        assertEquals(0, svgs, "no SVG unless asked");
        String html = Files.readString(report);
        // Curves per run configuration: 3 gd learning rates, 3 adam learning rates and sgd (whose
        // configuration the grid does not vary) are 7 configurations × 4 metrics (loss, grad_norm, lr,
        // momentum); then one sensitivity figure, the final loss against lr.
        assertEquals(7 * 4 + 1, count(html, "<img "), "one figure per configuration and metric, and the sensitivity");

        try (DevTools browser = DevTools.start(chromium.get(), tmp.resolve("profile"))) {
            for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                browser.send(domain + ".enable", Map.of());
            }
            browser.send("Page.navigate", Map.of("url", report.toUri().toString()));
            browser.await("Page.loadEventFired");
            JsonNode state = evaluate(browser, """
                    Promise.all(Array.from(document.images).map(i =>
                        i.decode().then(() => i.naturalWidth > 0 && i.naturalHeight > 0 ? null : i.alt, e => i.alt)))
                      .then(broken => {
                        const body = document.body.cloneNode(true);
                        body.querySelectorAll('pre').forEach(p => p.remove());
                        return JSON.stringify({images: document.images.length,
                          broken: broken.filter(b => b !== null),
                          mapText: (body.innerText.match(/\\{\\w+=/g) || []).length});
                      })
                    """);
            assertEquals(7 * 4 + 1, state.path("images").asInt(), state::toString);
            assertEquals(0, state.path("broken").size(), "images that do not decode: " + state.path("broken"));
            assertEquals(0, state.path("mapText").asInt(), "Java map text such as {done=18} in the page");
            assertNoErrors(browser.events(), "report.html");
        }
    }
}
