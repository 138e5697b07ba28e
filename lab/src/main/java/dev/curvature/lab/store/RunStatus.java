package dev.curvature.lab.store;

/**
 * Where a run stands, as the {@code status} column of {@code runs} stores it.
 *
 * <ul>
 *   <li>{@link #PENDING}: planned and registered, not started;</li>
 *   <li>{@link #RUNNING}: started, with rows committed up to its last checkpoint (a sweep that
 *       stops leaves it so; {@code --resume} continues it);</li>
 *   <li>{@link #DONE}: ended by one of its stopping rules;</li>
 *   <li>{@link #DIVERGED}: ended because the loss or an update became non-finite (stop reason
 *       {@code non_finite}) or exceeded the spec's {@code diverge_above} (stop reason
 *       {@code diverged}); a finished run, never run again on resume;</li>
 *   <li>{@link #FAILED}: ended by an error (the message is stored in {@code error}); run again on resume.</li>
 * </ul>
 */
public enum RunStatus {
    PENDING("pending"),
    RUNNING("running"),
    DONE("done"),
    DIVERGED("diverged"),
    FAILED("failed");

    private final String stored;

    RunStatus(String stored) {
        this.stored = stored;
    }

    /** The text stored in the database. */
    public String stored() {
        return stored;
    }

    /** True for the statuses of a run that ended by itself: done or diverged (not run again on resume). */
    public boolean finished() {
        return this == DONE || this == DIVERGED;
    }

    /** The status stored as {@code text}. */
    public static RunStatus of(String text) {
        for (RunStatus s : values()) {
            if (s.stored.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + text + "' (known: pending, running, done, "
                + "diverged, failed)");
    }

    @Override
    public String toString() {
        return stored;
    }
}
