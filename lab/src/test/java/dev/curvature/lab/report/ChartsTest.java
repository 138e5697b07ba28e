package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The series a band chart plots, read from the chart before rendering, and the files it is saved as. */
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
}
