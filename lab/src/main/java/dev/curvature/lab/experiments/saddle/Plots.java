package dev.curvature.lab.experiments.saddle;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line and scatter charts for the saddle reproductions (XChart, the lab's chart library). */
final class Plots {
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    static XYChart chart(String title, String x, String y, boolean logX, boolean logY) {
        XYChart c = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        return c;
    }

    /**
     * Adds a series keeping only points that can be drawn (finite, positive on log axes); with
     * {@code markers} the points are drawn, with {@code line} they are joined.
     */
    static void series(XYChart c, String name, double[] x, double[] y, int color, boolean line, boolean markers) {
        List<double[]> pts = new ArrayList<>();
        boolean logX = c.getStyler().isXAxisLogarithmic();
        boolean logY = c.getStyler().isYAxisLogarithmic();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0)) {
                pts.add(new double[] {x[i], y[i]});
            }
        }
        if (pts.isEmpty()) {
            return;
        }
        double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
        XYSeries s = c.addSeries(name, xs, ys);
        Color col = PALETTE[Math.floorMod(color, PALETTE.length)];
        s.setLineColor(col);
        s.setMarkerColor(col);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        if (line) {
            s.setLineStyle(new BasicStroke(1.6f));
        } else {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
    }

    /** A placeholder series so that an empty chart still renders. */
    static void ensureNotEmpty(XYChart c) {
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no data", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        }
    }
}
