package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.report.Charts;
import java.awt.BasicStroke;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The series style of the saddle reproductions' charts ({@link Charts} makes the charts). */
final class Plots {
    private Plots() {}

    /**
     * Adds a series keeping only points that can be drawn (finite, positive on log axes); with
     * {@code markers} the points are drawn, with {@code line} they are joined.
     */
    static void series(XYChart c, String name, double[] x, double[] y, int color, boolean line, boolean markers) {
        XYSeries s = Charts.drawable(c, name, x, y, color);
        if (s == null) {
            return;
        }
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        if (line) {
            s.setLineStyle(new BasicStroke(1.6f));
        } else {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
    }
}
