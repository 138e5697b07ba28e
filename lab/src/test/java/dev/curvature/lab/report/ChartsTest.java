package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The series a band chart plots, read from the chart before rendering, the axes XChart draws once
 * the chart is settled (its tick labels read back from the drawn chart), and the files it is saved as.
 */
class ChartsTest {
    @TempDir
    Path dir;

    private static SeedBand threeRuns() {
        // Steps 0, 1, 2; at step 2 one run has a non-positive value, so the log-scale minimum drops it.
        return new SeedBand("adam", new double[] {0, 1, 2}, new double[] {4, 2, 1}, new double[] {3, 1, -1},
                new double[] {5, 3, 2}, 3);
    }

    private static SeedBand oneRun() {
        return new SeedBand("gd", new double[] {0, 1, 2}, new double[] {8, Double.NaN, 6}, new double[] {8, Double.NaN, 6},
                new double[] {8, Double.NaN, 6}, 1);
    }

    @Test
    void aBandChartPlotsMedianLinesAndMinMaxPolygonsOfTheDrawablePoints() {
        XYChart chart = Charts.bands("loss", "step", "f", true, List.of(threeRuns(), oneRun()));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertFalse(chart.getStyler().isXAxisLogarithmic());
        assertEquals("step", chart.getXAxisTitle());
        assertEquals("f", chart.getYAxisTitle());
        assertEquals(List.of("adam (min–max)", "adam (median of 3)", "gd"), List.copyOf(chart.getSeriesMap().keySet()));

        XYSeries band = chart.getSeriesMap().get("adam (min–max)");
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle());
        // The minimum forward without its non-positive point, then the maximum backward.
        assertArrayEquals(new double[] {0, 1, 2, 1, 0}, band.getXData());
        assertArrayEquals(new double[] {3, 1, 2, 3, 5}, band.getYData());
        assertFalse(band.isShowInLegend());

        XYSeries median = chart.getSeriesMap().get("adam (median of 3)");
        assertArrayEquals(new double[] {0, 1, 2}, median.getXData());
        assertArrayEquals(new double[] {4, 2, 1}, median.getYData());
        assertEquals(Charts.color(0), median.getLineColor());

        XYSeries single = chart.getSeriesMap().get("gd");
        assertArrayEquals(new double[] {0, 2}, single.getXData(), "the NaN point is left out");
        assertArrayEquals(new double[] {8, 6}, single.getYData());
        assertEquals(Charts.color(1), single.getLineColor());
    }

    @Test
    void aChartWithoutDrawablePointsStillHasASeries() {
        SeedBand negative = new SeedBand("x", new double[] {0}, new double[] {-1}, new double[] {-1}, new double[] {-1}, 1);
        XYChart chart = Charts.bands("t", "step", "v", true, List.of(negative));
        assertEquals(List.of("no finite data"), List.copyOf(chart.getSeriesMap().keySet()));
        XYChart linear = Charts.bands("t", "step", "v", false, List.of(negative));
        assertArrayEquals(new double[] {-1}, linear.getSeriesMap().get("x").getYData(), "negative values on a linear axis");
    }

    @Test
    void drawableKeepsOnlyPointsThatTheAxesCanShow() {
        XYChart chart = Charts.xy("t", "x", "y", true, false);
        XYSeries s = Charts.drawable(chart, "s", new double[] {-1, 0, 1, 2, Double.NaN, 4}, new double[] {1, 2, -3,
                Double.POSITIVE_INFINITY, 5, 6}, 2);
        assertArrayEquals(new double[] {1, 4}, s.getXData());
        assertArrayEquals(new double[] {-3, 6}, s.getYData());
        assertEquals(Charts.color(2), s.getLineColor());
        assertNull(Charts.drawable(chart, "none", new double[] {0}, new double[] {1}, 0));
        assertEquals(Charts.color(0), Charts.color(10), "the palette cycles after ten colours");
    }

    @Test
    void saveWritesAPngOfTheChartSizeAtItsDpiAndAnSvgOnRequest() throws Exception {
        XYChart plain = Charts.bands("loss", "step", "f", true, List.of(threeRuns(), oneRun()));
        Charts.save(plain, dir.resolve("plain"), false);
        assertTrue(Files.isRegularFile(dir.resolve("plain.png")) && !Files.exists(dir.resolve("plain.svg")),
                "a PNG and no SVG unless asked");
        XYChart chart = Charts.bands("loss", "step", "f", true, List.of(threeRuns(), oneRun()));
        Path png = Charts.save(chart, dir.resolve("loss"), true);
        assertEquals(dir.resolve("loss.png"), png);
        BufferedImage image = ImageIO.read(png.toFile());
        // 720×440 points at 110 dpi (72 points per inch): 1100 × 672.2 pixels.
        assertEquals(720 * 110 / 72.0, image.getWidth(), 1.0);
        assertEquals(440 * 110 / 72.0, image.getHeight(), 1.0);
        String svg = Files.readString(dir.resolve("loss.svg"));
        assertTrue(svg.contains("viewBox=\"0 0 720 440\"") && svg.contains("width=\"720px\"")
                && svg.contains("height=\"440px\""), "an SVG of the chart's size in points");
        assertTrue(svg.trim().endsWith("</svg>"), "a complete SVG document");
    }

    /** The tick labels and their positions (pixels) that XChart drew on an axis; read from its internals. */
    private static List<Object> drawnTicks(XYChart chart, boolean x) throws Exception {
        BitmapEncoder.getBufferedImage(chart);
        var pairField = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredField("axisPair");
        pairField.setAccessible(true);
        Object pair = pairField.get(chart);
        var axisGetter = pair.getClass().getDeclaredMethod(x ? "getXAxis" : "getYAxis");
        axisGetter.setAccessible(true);
        Object axis = axisGetter.invoke(pair);
        var calcGetter = axis.getClass().getDeclaredMethod("getAxisTickCalculator");
        calcGetter.setAccessible(true);
        Object calc = calcGetter.invoke(axis);
        var labels = calc.getClass().getMethod("getTickLabels");
        var locations = calc.getClass().getMethod("getTickLocations");
        labels.setAccessible(true);
        locations.setAccessible(true);
        return List.of(labels.invoke(calc), locations.invoke(calc));
    }

    /** The number a {@link TickFormat} label stands for. */
    private static double value(String label) {
        double scale = label.endsWith("k") ? 1e3 : label.endsWith("M") ? 1e6 : 1;
        return Double.parseDouble(scale == 1 ? label : label.substring(0, label.length() - 1)) * scale;
    }

    @Test
    @SuppressWarnings("unchecked")
    void stepsLoggedEveryIterationGetOneTwoFiveTicksWhoseLabelsDoNotOverlap() throws Exception {
        // Steps 0 … 1999 are equally spaced: XChart used to put ticks on data points 134 apart,
        // with grouped labels running into each other ("1,0721,206").
        int n = 2000;
        double[] steps = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            loss[i] = 1000 * Math.exp(-i / 100.0) + 1e-3;
        }
        XYChart chart = Charts.bands("loss", "step", "loss", true,
                List.of(new SeedBand("adam", steps, loss, loss, loss, 1)));
        Charts.finish(chart);
        List<Object> ticks = drawnTicks(chart, true);
        List<String> labels = new ArrayList<>((List<String>) ticks.get(0));
        List<Double> at = (List<Double>) ticks.get(1);
        assertTrue(labels.size() >= 4, "labels " + labels);
        double step = value(labels.get(1)) - value(labels.get(0));
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9,
                "a 1-2-5 step, got " + step + " in " + labels);
        java.awt.Font font = chart.getStyler().getAxisTickLabelsFont();
        for (int i = 1; i < labels.size(); i++) {
            assertEquals(step, value(labels.get(i)) - value(labels.get(i - 1)), 1e-9, "even steps: " + labels);
            double room = at.get(i) - at.get(i - 1);
            double need = (Charts.width(labels.get(i), font) + Charts.width(labels.get(i - 1), font)) / 2.0;
            assertTrue(room > need, labels.get(i - 1) + " and " + labels.get(i) + " overlap: " + room + " px for " + need);
            assertFalse(labels.get(i).contains(","), "no grouped digits: " + labels);
        }
        assertTrue(labels.contains("1k"), "thousands written compactly: " + labels);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLogAxisSpanningLessThanADecadeBecomesLinearWithLabels() throws Exception {
        SeedBand flat = new SeedBand("gd", new double[] {0, 1, 2, 3}, new double[] {1.2, 1.5, 1.8, 1.9},
                new double[] {1.2, 1.5, 1.8, 1.9}, new double[] {1.2, 1.5, 1.8, 1.9}, 1);
        XYChart chart = Charts.bands("loss", "step", "loss", true, List.of(flat));
        Charts.finish(chart);
        assertFalse(chart.getStyler().isYAxisLogarithmic(), "1.2 … 1.9 is less than a decade");
        List<String> labels = (List<String>) drawnTicks(chart, false).get(0);
        assertTrue(labels.stream().filter(l -> l != null && !l.isBlank()).count() >= 3, "labels " + labels);

        SeedBand wide = new SeedBand("gd", new double[] {0, 1}, new double[] {100, 1}, new double[] {100, 1},
                new double[] {100, 1}, 1);
        XYChart log = Charts.bands("loss", "step", "loss", true, List.of(wide));
        Charts.finish(log);
        assertTrue(log.getStyler().isYAxisLogarithmic(), "two decades stay on a log axis");
    }

    @Test
    void limitsKeepTheAxisToTheRunsThatDidNotDivergeAndMarksSitOnTheEdge() {
        SeedBand band = new SeedBand("adam", new double[] {0, 1, 2}, new double[] {10, 1, 0.1},
                new double[] {10, 1, 0.01}, new double[] {10, 1e10, 1e21}, 3);
        XYChart chart = Charts.bands("loss", "step", "loss", true, List.of(band));
        Charts.limitY(chart, 0.01, 10);
        double top = chart.getStyler().getYAxisMax();
        double bottom = chart.getStyler().getYAxisMin();
        assertTrue(top > 10 && top < 20, "top " + top + " is 10 with a margin, not 1e21");
        assertTrue(bottom < 0.01 && bottom > 0.005, "bottom " + bottom);
        Charts.mark(chart, "diverged (×)", new double[] {2}, new double[] {1e21}, 0);
        XYSeries mark = chart.getSeriesMap().get("diverged (×)");
        assertEquals(top, mark.getYData()[0], "a diverged run's mark is drawn at the top edge");
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, mark.getXYSeriesRenderStyle());
    }

    @Test
    void longLegendLabelsAreCutAndStackedWhenTheyDoNotFitSideBySide() {
        List<SeedBand> bands = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String label = "optimizers.adam.lr=1.0e-" + i + ", optimizers.gd.lr=1.0e-4, problem.noise=0.01, seed " + i;
            bands.add(new SeedBand(label, new double[] {0, 1}, new double[] {2, 1}, new double[] {2, 1},
                    new double[] {2, 1}, 1));
        }
        XYChart chart = Charts.bands("loss", "step", "loss", false, bands);
        Charts.finish(chart);
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.isShowInLegend()) {
                assertTrue(s.getLabel().length() <= Charts.MAX_LEGEND_LABEL, s.getLabel());
                assertTrue(s.getLabel().endsWith("…"), s.getLabel());
            }
        }
        assertEquals(org.knowm.xchart.style.Styler.LegendLayout.Vertical, chart.getStyler().getLegendLayout());
    }
}
