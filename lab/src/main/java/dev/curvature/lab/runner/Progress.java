package dev.curvature.lab.runner;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a sweep in steps, with an ETA: a redrawn bar on a terminal, or a plain line every
 * few seconds when the output is a file or a CI log (where a redrawn bar would leave one line per
 * update). Workers report steps in batches; implementations are thread-safe.
 */
public interface Progress {

    /** Starts a sweep of {@code runs} runs and {@code totalSteps} steps (−1 when unknown). */
    void start(String name, int runs, long totalSteps);

    /** Counts {@code steps} more steps. */
    void advance(long steps);

    /**
     * Takes {@code steps} planned steps off the total: a run stopped before its {@code max_steps}
     * (converged, diverged, failed). Without this, a sweep whose runs mostly stop early predicts
     * an ETA for steps that never run (minutes for a sweep that takes seconds).
     */
    default void skip(long steps) {}

    /** Ends the display. */
    void finish();

    /** No output. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void start(String name, int runs, long totalSteps) {}

            @Override
            public void advance(long steps) {}

            @Override
            public void finish() {}
        };
    }

    /** Seconds between two lines of {@link #lines}. */
    long LINE_INTERVAL_SECONDS = 10;

    /**
     * The bar when the process has an interactive terminal, otherwise a line every
     * {@value #LINE_INTERVAL_SECONDS} seconds.
     */
    static Progress auto(PrintStream out) {
        Console c = System.console();
        return c != null && c.isTerminal() ? bar(out) : lines(out, LINE_INTERVAL_SECONDS * 1_000_000_000L);
    }

    /**
     * Plain lines on {@code out}: one at the start, then at most one every {@code intervalNanos}
     * (percent done, elapsed time, ETA), and one at the end.
     */
    static Progress lines(PrintStream out, long intervalNanos) {
        return new Progress() {
            private final java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();
            private final java.util.concurrent.atomic.AtomicLong nextLine = new java.util.concurrent.atomic.AtomicLong();
            private volatile long startNanos;
            private volatile long total;
            private volatile String name;

            @Override
            public void start(String name, int runs, long totalSteps) {
                this.name = name;
                this.total = totalSteps;
                startNanos = System.nanoTime();
                nextLine.set(startNanos + intervalNanos);
                out.println(name + ": " + runs + " runs" + (totalSteps > 0 ? ", " + totalSteps + " steps" : "")
                        + " to go");
                out.flush();
            }

            @Override
            public void advance(long n) {
                long done = steps.addAndGet(n);
                long now = System.nanoTime();
                long due = nextLine.get();
                if (now >= due && nextLine.compareAndSet(due, now + intervalNanos)) {
                    out.println(line(done, now));
                    out.flush();
                }
            }

            @Override
            public void skip(long n) {
                if (total > 0) {
                    total = Math.max(steps.get(), total - n);
                }
            }

            @Override
            public void finish() {
                if (name != null) {
                    out.println(line(steps.get(), System.nanoTime()));
                    out.flush();
                }
            }

            private String line(long done, long now) {
                double seconds = (now - startNanos) / 1e9;
                StringBuilder sb = new StringBuilder(name).append(": ");
                if (total > 0) {
                    double f = Math.min(1.0, (double) done / total);
                    sb.append(String.format(Locale.ROOT, "%3.0f%% (%d/%d steps)", 100 * f, done, total));
                    sb.append(", ").append(clock(seconds)).append(" elapsed");
                    if (f > 0 && f < 1) {
                        sb.append(", ETA ").append(clock(seconds * (1 - f) / f));
                    }
                } else {
                    sb.append(done).append(" steps, ").append(clock(seconds)).append(" elapsed");
                }
                return sb.toString();
            }
        };
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** A progress bar with ETA on {@code out} (me.tongfei.progressbar). */
    static Progress bar(PrintStream out) {
        return new Progress() {
            private ProgressBar bar;

            @Override
            public void start(String name, int runs, long totalSteps) {
                bar = new ProgressBarBuilder().setTaskName(name + " (" + runs + " runs)")
                        .setInitialMax(Math.max(totalSteps, 0)).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500).setMaxRenderedLength(100)
                        .setConsumer(new ConsoleProgressBarConsumer(out)).showSpeed().setUnit(" steps", 1)
                        .build();
            }

            @Override
            public void advance(long steps) {
                if (bar != null) {
                    bar.stepBy(steps);
                }
            }

            @Override
            public synchronized void skip(long steps) {
                if (bar != null && bar.getMax() > 0) {
                    bar.maxHint(Math.max(bar.getCurrent(), bar.getMax() - steps));
                }
            }

            @Override
            public void finish() {
                if (bar != null) {
                    bar.close();
                }
            }
        };
    }
}
