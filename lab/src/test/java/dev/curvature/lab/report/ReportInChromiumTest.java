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
 * The report of a small experiment (the quick built-in Rosenbrock baselines), opened in headless
 * Chromium: every plot image loads and decodes with a non-zero size down to its last row (drawn on
 * a canvas: a truncated image leaves transparent rows), the page logs no console
 * error, throws no exception and has no failed request, and every linked SVG plot exists and
 * renders as an SVG document. Skipped when no Chromium is installed (Debian: apt-get install
 * chromium).
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
        Lab.Result result = Lab.execute(BuiltinExperiments.get("baselines-rosenbrock").quick(), out,
                new Runner.Options(2, false, Progress.silent()));
        assertEquals(0, result.outcome().failed());
        Path report = result.report();
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
                        title: document.title}))
                    """);
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
}
