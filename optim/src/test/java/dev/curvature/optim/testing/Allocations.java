package dev.curvature.optim.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, from HotSpot's per-thread allocation counter
 * ({@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}), which counts every
 * heap allocation of the thread, TLAB or not.
 */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {}

    /** A body to measure; may throw nothing checked. */
    @FunctionalInterface
    public interface Body {
        void run();
    }

    /** Bytes this thread has allocated so far. */
    public static long current() {
        return MX.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated by {@code calls} calls of {@code body} after {@code warmup} calls, the
     * counter's own cost subtracted. Repeats warm-up and measurement up to {@code attempts} times
     * and returns the smallest count, so that one-off allocations of the JIT's transitions
     * (deoptimization, on-stack replacement) are not mistaken for the steady state.
     */
    public static long steadyState(Body body, int warmup, int calls, int attempts) {
        long overhead = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long a = current();
            long b = current();
            overhead = Math.min(overhead, b - a);
        }
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < attempts && best > 0; attempt++) {
            for (int i = 0; i < warmup; i++) {
                body.run();
            }
            long before = current();
            for (int i = 0; i < calls; i++) {
                body.run();
            }
            long after = current();
            best = Math.min(best, after - before - overhead);
        }
        return best;
    }
}
