package dev.curvature.lab.experiments.spectral;

import dev.curvature.lab.report.Charts;
import java.awt.BasicStroke;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Series style, number formatting and CSV output of the spectral reproductions ({@link Charts} makes the charts). */
final class SpectralPlots {
    private SpectralPlots() {}

    /**
     * Adds a series of the drawable points (finite, positive on log axes); dashed when {@code dashed};
     * a name already on the chart is left as it is.
     */
    static void series(XYChart c, String name, double[] x, double[] y, int color, boolean markers, boolean dashed) {
        if (c.getSeriesMap().containsKey(name)) {
            return;
        }
        XYSeries s = Charts.drawable(c, name, x, y, color);
        if (s == null) {
            return;
        }
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineStyle(dashed ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(1.6f));
    }
}
