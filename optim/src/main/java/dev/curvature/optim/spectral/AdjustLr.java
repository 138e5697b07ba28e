package dev.curvature.optim.spectral;

import java.util.Locale;

/**
 * The per-matrix factor multiplying an orthogonalized update O of an A×B matrix (A = rows =
 * fan-out, B = cols = fan-in):
 * <ul>
 *   <li>{@link #MUON} max(1, A/B)^½ — KellerJordan/Muon@muon.py (the default of {@code muon});</li>
 *   <li>{@link #RMS_NORM} 0.2·√max(A, B) — Moonlight ("Muon is scalable for LLM training",
 *       arXiv 2502.16982): an orthogonal O has RMS 1/√max(A, B), so the update RMS becomes 0.2, that of
 *       AdamW, and AdamW's learning rates carry over; microsoft/dion {@code adjust_lr="rms_norm"};</li>
 *   <li>{@link #SPECTRAL_NORM} √(A/B) — microsoft/dion {@code adjust_lr="spectral_norm"} (its default),
 *       the scale under which the update's spectral norm matches the RMS→RMS operator norm;</li>
 *   <li>{@link #NONE} 1.</li>
 * </ul>
 */
public enum AdjustLr {
    NONE("none"),
    MUON("muon"),
    RMS_NORM("rms_norm"),
    SPECTRAL_NORM("spectral_norm");

    private final String id;

    AdjustLr(String id) {
        this.id = id;
    }

    /** The name used in hyperparameters. */
    public String id() {
        return id;
    }

    /** The factor for an A×B matrix. */
    public double factor(int rows, int cols) {
        return switch (this) {
            case NONE -> 1.0;
            case MUON -> Math.sqrt(Math.max(1.0, (double) rows / cols));
            case RMS_NORM -> 0.2 * Math.sqrt(Math.max(rows, cols));
            case SPECTRAL_NORM -> Math.sqrt((double) rows / cols);
        };
    }

    /** Parses a name; the message follows the {@code owner: param = v ...} convention. */
    public static AdjustLr parse(String owner, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (AdjustLr a : values()) {
            if (a.id.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(owner + ": adjust_lr = " + value
                + " is not one of none, muon, rms_norm, spectral_norm");
    }
}
