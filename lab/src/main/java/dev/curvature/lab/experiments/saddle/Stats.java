package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.StoppingRule;
import java.util.Arrays;
import java.util.List;

/** Small statistics, fits, CSV output and run replays shared by the saddle reproductions. */
final class Stats {
    private Stats() {}

    /** A least-squares line y = intercept + slope·x with its coefficient of determination. */
    record Line(double slope, double intercept, double r2, int points) {}

    /** Least squares of y on x (at least two points with distinct x). */
    static Line fit(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new Line(slope, my - slope * mx, r2, n);
    }

    /** Elementwise natural logarithm. */
    static double[] log(double[] v) {
        return Arrays.stream(v).map(Math::log).toArray();
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** A grid value of a run as a number. */
    static double gridNumber(RunRecord r, String path) {
        return ExperimentData.gridValues(r).number(path);
    }

    /** Receives x_t of a replay (live in {@code run.params()}) with f(x_t) and f(x_t) − f* (NaN when f* is unknown). */
    interface Observer {
        void step(long t, double loss, double gap, Run run);
    }

    /** About 200 points per decade of t: enough for log-scale plots of long runs. */
    static boolean logSpaced(long t) {
        return t < 200 || t % Math.max(1, t / 200) == 0;
    }

    /**
     * Runs a stored run again in this process, bitwise as it was run: built by the runner from the
     * stored spec (same problem, optimizer, seed, stopping rules and settings), with at most
     * {@code maxSteps} steps on top of the spec's own limit, calling {@code observer} with f(x_t) at
     * every step: figures that need every iterate replay a few runs instead of storing every step
     * of all runs.
     */
    static void replay(ExperimentData data, RunRecord r, long maxSteps, Observer observer) throws java.sql.SQLException {
        Run run = data.storedRuns().builder(r).stop(StoppingRule.maxSteps(maxSteps)).build();
        // The run's own problem is not exposed; an identical instance evaluates f along the iterates.
        Problem problem = Catalog.problem(data.doc(r).get("problem"));
        long t = 0;
        double fstar = problem.optimum().orElse(Double.NaN);
        try {
            while (true) {
                double before = problem.value(run.params());
                observer.step(t++, before, before - fstar, run);
                if (!run.step()) {
                    break;
                }
            }
        } catch (dev.curvature.optim.run.NonFiniteException e) {
            // A diverging replay ends here; the observer has seen every finite step.
        }
    }
}
