package dev.curvature.lab.report;

import dev.curvature.core.io.WriteGate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts with seed bands, drawn with XChart and saved as PNG and SVG. Each band is the
 * min–max range over seeds (a translucent polygon) under its median line.
 */
public final class Charts {
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** An empty chart in the report's style (720×440, legend below, light grid), log axes as asked. */
    public static XYChart xy(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(230, 230, 230));
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        return chart;
    }

    /** The i-th colour of the report's palette (cycling). */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * Adds the points of (x, y) that can be drawn (finite, positive on a log axis) as a series in
     * colour {@code color} (lines and markers coloured, no marker shape set); returns it, or null
     * when no point is left.
     */
    public static XYSeries drawable(XYChart chart, String name, double[] x, double[] y, int color) {
        boolean logX = chart.getStyler().isXAxisLogarithmic();
        boolean logY = chart.getStyler().isYAxisLogarithmic();
        int n = Math.min(x.length, y.length);
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0)) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        if (k == 0) {
            return null;
        }
        XYSeries s = chart.addSeries(name, java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k));
        Color c = color(color);
        s.setLineColor(c);
        s.setMarkerColor(c);
        return s;
    }

    /** A placeholder series so that an empty chart still renders. */
    public static void ensureNotEmpty(XYChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no data", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        }
    }

    /** A chart of bands: median lines with min–max areas; log-scale y when {@code logY}. */
    public static XYChart bands(String title, String xLabel, String yLabel, boolean logY, List<SeedBand> bands) {
        XYChart chart = xy(title, xLabel, yLabel, false, logY);
        chart.getStyler().setMarkerSize(0);
        int c = 0;
        for (SeedBand b : bands) {
            Color color = color(c++);
            double[][] med = finite(b.steps(), b.median(), logY);
            if (med[0].length == 0) {
                continue;
            }
            if (b.runs() > 1) {
                double[][] poly = polygon(b, logY);
                if (poly[0].length > 2) {
                    XYSeries band = chart.addSeries(b.label() + " (min–max)", poly[0], poly[1]);
                    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                    band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
                    band.setLineColor(new Color(0, 0, 0, 0));
                    band.setMarker(SeriesMarkers.NONE);
                    band.setShowInLegend(false);
                }
            }
            XYSeries line = chart.addSeries(b.label() + (b.runs() > 1 ? " (median of " + b.runs() + ")" : ""),
                    med[0], med[1]);
            line.setLineColor(color);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(1.8f));
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finite data", new double[] {0}, new double[] {logY ? 1 : 0}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Writes {@code base.png} and {@code base.svg}; returns the PNG path. A failed write is an
     * {@link IOException} naming the file and the file system's reason (e.g. no space left).
     */
    public static Path save(XYChart chart, Path base) throws IOException {
        Path png = base.resolveSibling(base.getFileName() + ".png");
        try {
            WriteGate.check(WriteGate.Op.WRITE, png);
            BitmapEncoder.saveBitmapWithDPI(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
        } catch (IOException e) {
            throw new IOException("cannot write " + png + ": " + reason(e), e);
        }
        java.io.ByteArrayOutputStream svg = new java.io.ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Path svgFile = base.resolveSibling(base.getFileName() + ".svg");
        WriteGate.check(WriteGate.Op.WRITE, svgFile);
        java.nio.file.Files.write(svgFile, svg.toByteArray());
        return png;
    }

    /** The message of the innermost cause (the encoders wrap the file system's error). */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static double[][] finite(double[] x, double[] y, boolean logY) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
                pts.add(new double[] {x[i], y[i]});
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }

    /** The band outline: min forward, max backward. */
    private static double[][] polygon(SeedBand b, boolean logY) {
        double[][] lo = finite(b.steps(), b.min(), logY);
        double[][] hi = finite(b.steps(), b.max(), logY);
        int n = lo[0].length + hi[0].length;
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < lo[0].length; i++) {
            out[0][k] = lo[0][i];
            out[1][k++] = lo[1][i];
        }
        for (int i = hi[0].length - 1; i >= 0; i--) {
            out[0][k] = hi[0][i];
            out[1][k++] = hi[1][i];
        }
        return out;
    }
}
