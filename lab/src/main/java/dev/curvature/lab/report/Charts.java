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
 * Line charts with seed bands, drawn with XChart and saved as PNG (and SVG on request). Each band
 * is the min–max range over seeds (a translucent polygon) under its median line. Curves are thinned
 * to {@link Downsample#MAX_POINTS} points for drawing. Before a chart is saved its axes are settled
 * (see {@link #finish}): a log axis spanning less than a decade becomes linear, linear ticks get
 * short labels ({@link TickFormat}) at 1-2-5 steps, and a legend wider than the chart is stacked.
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
        double[][] thin = Downsample.of(java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k),
                Downsample.MAX_POINTS);
        XYSeries s = chart.addSeries(name, thin[0], thin[1]);
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
            double[][] med = thin(finite(b.steps(), b.median(), logY));
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
     * Limits the y axis to [lo, hi] (a little margin added) so that a few runs far outside, such as
     * diverged ones, do not squash the others; points beyond are clipped at the plot's edge.
     */
    public static void limitY(XYChart chart, double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi)) || lo > hi) {
            return;
        }
        boolean log = chart.getStyler().isYAxisLogarithmic() && lo > 0;
        double a = lo;
        double b = hi;
        if (log) {
            double pad = Math.pow(hi / lo, 0.04);
            a = lo / Math.max(pad, 1.05);
            b = hi * Math.max(pad, 1.05);
        } else {
            double pad = hi > lo ? 0.04 * (hi - lo) : Math.max(Math.abs(hi) * 0.05, 1e-12);
            a = lo - pad;
            b = hi + pad;
        }
        chart.getStyler().setYAxisMin(a);
        chart.getStyler().setYAxisMax(b);
    }

    /**
     * Marks the points (x, y) with a × in colour {@code color}, as one legend entry named {@code name}
     * (e.g. where runs diverged); a point above the y limit is drawn on it.
     */
    public static void mark(XYChart chart, String name, double[] x, double[] y, int color) {
        Double top = chart.getStyler().getYAxisMax();
        double[] ys = y.clone();
        for (int i = 0; i < ys.length; i++) {
            if (top != null && !(ys[i] <= top)) {
                ys[i] = top;
            }
        }
        XYSeries s = chart.addSeries(name, x.clone(), ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CROSS);
        s.setMarkerColor(color(color));
    }

    /**
     * Writes {@code base.png}, and {@code base.svg} when {@code svg}; returns the PNG path. A failed
     * write is an {@link IOException} naming the file and the file system's reason (e.g. no space
     * left). XChart draws every glyph as an outline, so an SVG is several times the PNG's size: it
     * is written only on request.
     */
    public static Path save(XYChart chart, Path base, boolean svg) throws IOException {
        finish(chart);
        Path png = base.resolveSibling(base.getFileName() + ".png");
        try {
            WriteGate.check(WriteGate.Op.WRITE, png);
            BitmapEncoder.saveBitmapWithDPI(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
        } catch (IOException e) {
            throw new IOException("cannot write " + png + ": " + reason(e), e);
        }
        if (svg) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            Path svgFile = base.resolveSibling(base.getFileName() + ".svg");
            WriteGate.check(WriteGate.Op.WRITE, svgFile);
            java.nio.file.Files.write(svgFile, out.toByteArray());
        }
        return png;
    }

    /**
     * Settles a chart's axes and legend before it is drawn: a log axis whose drawn points span less
     * than a decade becomes linear (XChart labels only decades); linear axes get {@link TickFormat}
     * labels; on a linear x axis whose points are equally spaced (steps 0, 1, 2, …) a hidden point off
     * the grid is added, since XChart otherwise puts ticks on data points at odd steps such as 134
     * without checking that the labels fit, instead of its 1-2-5 search; legend labels are cut to
     * {@link #MAX_LEGEND_LABEL} characters and stacked when they do not fit side by side; a title
     * wider than the chart is cut at its end. Idempotent.
     */
    static void finish(XYChart chart) {
        XYStyler s = chart.getStyler();
        if (s.isYAxisLogarithmic() && !spansDecade(chart, false)) {
            s.setYAxisLogarithmic(false);
        }
        if (s.isXAxisLogarithmic() && !spansDecade(chart, true)) {
            s.setXAxisLogarithmic(false);
        }
        if (!s.isXAxisLogarithmic()) {
            s.setxAxisTickLabelsFormattingFunction(TickFormat::of);
            offGrid(chart);
        }
        if (!s.isYAxisLogarithmic()) {
            s.setyAxisTickLabelsFormattingFunction(TickFormat::of);
        }
        java.awt.Font legendFont = s.getLegendFont();
        int total = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            if (!series.isShowInLegend()) {
                continue;
            }
            String label = series.getLabel();
            if (label.length() > MAX_LEGEND_LABEL) {
                label = label.substring(0, MAX_LEGEND_LABEL - 1) + "…";
                series.setLabel(label);
            }
            total += width(label, legendFont) + s.getLegendSeriesLineLength() + 3 * s.getLegendPadding();
        }
        if (s.getLegendPosition() == Styler.LegendPosition.OutsideS && total > chart.getWidth() - 40) {
            s.setLegendLayout(Styler.LegendLayout.Vertical);
        }
        String title = chart.getTitle();
        java.awt.Font titleFont = s.getChartTitleFont();
        if (title != null && width(title, titleFont) > chart.getWidth() - 20) {
            while (title.length() > 1 && width(title + "…", titleFont) > chart.getWidth() - 20) {
                title = title.substring(0, title.length() - 1);
            }
            chart.setTitle(title.strip() + "…");
        }
    }

    /** Longest legend label drawn; a longer one is cut (the page's caption or table gives it whole). */
    public static final int MAX_LEGEND_LABEL = 48;

    private static final String OFF_GRID = " off-grid";

    /** Adds the hidden off-grid point of {@link #finish} when the x values are equally spaced. */
    private static void offGrid(XYChart chart) {
        if (chart.getSeriesMap().containsKey(OFF_GRID)) {
            return;
        }
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        double y = Double.NaN;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (int i = 0; i < series.getXData().length; i++) {
                xs.add(series.getXData()[i]);
                if (Double.isNaN(y) && Double.isFinite(series.getYData()[i])) {
                    y = series.getYData()[i];
                }
            }
        }
        if (xs.size() < 3 || Double.isNaN(y)) {
            return;
        }
        double first = xs.first();
        double second = xs.higher(first);
        XYSeries hidden = chart.addSeries(OFF_GRID, new double[] {first + 0.5 * (second - first)}, new double[] {y});
        hidden.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
    }

    /** Whether the drawn points (within the axis limits, if set) span at least a factor 10 on the axis. */
    private static boolean spansDecade(XYChart chart, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : x ? series.getXData() : series.getYData()) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        XYStyler s = chart.getStyler();
        Double min = x ? s.getXAxisMin() : s.getYAxisMin();
        Double max = x ? s.getXAxisMax() : s.getYAxisMax();
        if (min != null && min > 0) {
            lo = Math.max(lo, min);
        }
        if (max != null) {
            hi = Math.min(hi, max);
        }
        return !(hi > 0 && lo < Double.POSITIVE_INFINITY) || hi >= 10 * lo;
    }

    private static final java.awt.Graphics2D MEASURE =
            new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();

    /** The width of {@code text} in {@code font}, in pixels at the chart's scale. */
    static synchronized int width(String text, java.awt.Font font) {
        return MEASURE.getFontMetrics(font).stringWidth(text);
    }

    /** Thins a curve given as {x, y} for drawing. */
    private static double[][] thin(double[][] xy) {
        return Downsample.of(xy[0], xy[1], Downsample.MAX_POINTS);
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
        double[][] lo = thin(finite(b.steps(), b.min(), logY));
        double[][] hi = thin(finite(b.steps(), b.max(), logY));
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
