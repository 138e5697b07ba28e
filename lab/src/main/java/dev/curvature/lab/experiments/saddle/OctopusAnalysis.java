package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.report.Summaries;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * Bodard &amp; Patrinos, arXiv 2509.15817, Fig. 3, the counterpart of Du et al. (NeurIPS 2017) Figs. 3–4:
 * on the octopus, gradient descent stalls at each of the d saddles in turn, so the iterations it
 * needs to reach the global minimum grow exponentially in d, while Du et al.'s perturbed GD and
 * Algorithm 1 (perturbed P-GD) need polynomially many, and Algorithm 1 tracks perturbed GD.
 *
 * <p>Per (L, method, d) the analysis takes the median over starting points of the iterations to
 * f − f* ≤ tol (stop reason {@code loss_gap}); runs that hit max_steps are censored (at least that
 * many iterations). Fits: log(iterations) = a + b·d (exponential; growth factor e^b per added
 * dimension) and log(iterations) = a + p·log d (polynomial; exponent p), on the dimensions where
 * every run reached the minimum. Checks: GD's growth factor is ≥ 2 per dimension for every L (and
 * GD is censored beyond); the perturbed methods fit a power law with p ≤ 2.5 (R² ≥ 0.9) and their
 * growth per dimension at the largest d is ≤ 1.5; Algorithm 1 is within a factor 3 of perturbed GD
 * everywhere; both beat GD from d = 4 on. Writes {@code octopus-iterations.csv} and replays
 * repeat 0 at d ∈ {5, 10} for the loss curves.
 */
public final class OctopusAnalysis implements Analysis, Reproduction {
    /** The spec {@code bodard-fig3-octopus.yaml} beside this class. */
    @Override
    public String experiment() {
        return "bodard-fig3-octopus";
    }

    @Override
    public String name() {
        return "bodard-fig3-octopus";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    static final String GD = "gd";
    static final String DU = "perturbed_gd_du";
    static final String ALG1 = "algorithm1";
    private static final List<String> METHODS = List.of(GD, DU, ALG1);

    /** Median iterations (NaN when some run did not finish), whether censored, and the run count. */
    private record Cell(double median, int finished, int runs, long maxSteps) {
        boolean complete() {
            return finished == runs;
        }
    }

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        // L → method → d → runs
        Map<Double, Map<String, TreeMap<Integer, List<RunRecord>>>> by = new TreeMap<>();
        for (RunRecord r : data.runs()) {
            double l = Stats.gridNumber(r, "problem.L");
            int d = (int) Stats.gridNumber(r, "problem.d");
            by.computeIfAbsent(l, k -> new LinkedHashMap<>()).computeIfAbsent(r.optimizer(), k -> new TreeMap<>())
                    .computeIfAbsent(d, k -> new ArrayList<>()).add(r);
        }
        List<List<Object>> rows = new ArrayList<>();
        Map<Double, Map<String, TreeMap<Integer, Cell>>> cells = new TreeMap<>();
        for (var le : by.entrySet()) {
            for (String m : METHODS) {
                TreeMap<Integer, List<RunRecord>> byD = le.getValue().get(m);
                if (byD == null) {
                    throw new IllegalStateException("octopus analysis expects optimizer '" + m + "'");
                }
                for (var de : byD.entrySet()) {
                    List<Double> its = new ArrayList<>();
                    long maxSteps = 0;
                    for (RunRecord r : de.getValue()) {
                        if ("loss_gap".equals(r.stopReason())) {
                            its.add((double) r.steps());
                        }
                        maxSteps = Math.max(maxSteps, r.steps());
                    }
                    int n = de.getValue().size();
                    Cell c = new Cell(its.size() == n ? Summaries.median(its) : Double.NaN, its.size(), n, maxSteps);
                    cells.computeIfAbsent(le.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(m, k -> new TreeMap<>()).put(de.getKey(), c);
                    rows.add(List.of(le.getKey(), m, de.getKey(), n, its.size(), c.median(), Stats.min(its),
                            Stats.max(its)));
                }
            }
        }
        Summaries.csv(data.store().dir(), "octopus-iterations.csv", List.of("L", "method", "d", "runs",
                "reached_minimum", "median_iterations", "min_iterations", "max_iterations"), rows);

        boolean gdExponential = true;
        boolean perturbedPolynomial = true;
        boolean tracks = true;
        boolean beatsGd = true;
        int compared = 0;
        double smallestAdvantage = Double.POSITIVE_INFINITY;
        StringBuilder gdDetail = new StringBuilder();
        StringBuilder polyDetail = new StringBuilder();
        double worstRatio = 1;
        String worstWhere = "";
        double minGrowth = Double.POSITIVE_INFINITY;
        double maxP = Double.NEGATIVE_INFINITY;
        double minR2 = Double.POSITIVE_INFINITY;
        double maxLast = Double.NEGATIVE_INFINITY;
        int seeds = cells.values().stream().flatMap(mc -> mc.values().stream()).flatMap(c -> c.values().stream())
                .mapToInt(Cell::runs).min().orElse(0);
        for (var le : cells.entrySet()) {
            double l = le.getKey();
            String ls = "L = " + Summaries.fmt(l);
            Map<String, TreeMap<Integer, Cell>> mc = le.getValue();
            // GD: exponential growth on the dimensions it finished, censored beyond.
            Stats.Line gdExp = fit(mc.get(GD), false);
            double growth = Math.exp(gdExp.slope());
            int lastFinished = mc.get(GD).entrySet().stream().filter(e -> e.getValue().complete())
                    .mapToInt(Map.Entry::getKey).max().orElse(0);
            long censored = mc.get(GD).entrySet().stream().filter(e -> !e.getValue().complete()).count();
            boolean censoredAfter = mc.get(GD).entrySet().stream().noneMatch(e -> e.getValue().complete()
                    && e.getKey() > firstCensored(mc.get(GD)));
            out.finding("GD growth per dimension (" + ls + ")", growth, "exp fit on d ≤ " + lastFinished
                    + " (R² " + Summaries.fmt(gdExp.r2()) + ", " + gdExp.points() + " points); " + censored
                    + " larger d did not reach the minimum within max_steps");
            boolean ok = gdExp.points() >= 2 && growth >= 2 && censoredAfter;
            minGrowth = Math.min(minGrowth, gdExp.points() >= 2 ? growth : Double.NaN);
            gdExponential &= ok;
            gdDetail.append(ls).append(": ×").append(Summaries.fmt(growth)).append("/dim, finished d ≤ ")
                    .append(lastFinished).append("; ");
            for (String m : List.of(DU, ALG1)) {
                Stats.Line pow = fit(mc.get(m), true);
                Stats.Line exp = fit(mc.get(m), false);
                TreeMap<Integer, Cell> c = mc.get(m);
                double lastGrowth = lastStepGrowth(c);
                out.finding(name(m) + " power-law exponent (" + ls + ")", pow.slope(), "R² " + Summaries.fmt(pow.r2())
                        + "; exp-fit growth ×" + Summaries.fmt(Math.exp(exp.slope())) + "/dim, last step ×"
                        + Summaries.fmt(lastGrowth));
                boolean polyOk = c.values().stream().allMatch(Cell::complete) && pow.points() >= 3
                        && pow.slope() <= 2.5 && pow.r2() >= 0.9 && lastGrowth <= 1.5;
                perturbedPolynomial &= polyOk;
                maxP = Math.max(maxP, pow.slope());
                minR2 = Math.min(minR2, pow.r2());
                maxLast = Math.max(maxLast, lastGrowth);
                polyDetail.append(name(m)).append(" ").append(ls).append(": p = ").append(Summaries.fmt(pow.slope()))
                        .append(" (R² ").append(Summaries.fmt(pow.r2())).append("); ");
            }
            for (int d : mc.get(DU).keySet()) {
                Cell du = mc.get(DU).get(d);
                Cell a1 = mc.get(ALG1).get(d);
                Cell gd = mc.get(GD).get(d);
                double ratio = a1.median() / du.median();
                if (!(ratio >= 1.0 / 3 && ratio <= 3)) {
                    tracks = false;
                }
                if (Math.abs(Math.log(ratio)) > Math.abs(Math.log(worstRatio)) || Double.isNaN(ratio)) {
                    worstRatio = ratio;
                    worstWhere = ls + ", d = " + d;
                }
                double gdIts = gd.complete() ? gd.median() : Double.POSITIVE_INFINITY;
                if (d >= 4) {
                    compared++;
                    double advantage = gdIts / Math.max(du.median(), a1.median());
                    smallestAdvantage = Math.min(smallestAdvantage, advantage);
                    if (!(advantage > 1)) {
                        beatsGd = false;
                    }
                }
            }
        }
        Evidence medians = Evidence.seeds(seeds, "median over the seeds of each (method, d, L) cell");
        out.check("GD's iterations to the minimum grow exponentially in d (≥ ×2 per dimension, censored beyond)",
                gdExponential, Margin.atLeast(minGrowth, 2), medians, gdDetail.toString());
        out.check("perturbed GD and Algorithm 1 grow polynomially in d (power law, p ≤ 2.5, R² ≥ 0.9, last step ≤ ×1.5)",
                perturbedPolynomial, Margin.tightest(Margin.atMost(maxP, 2.5), Margin.atLeast(minR2, 0.9),
                        Margin.atMost(maxLast, 1.5)), medians, polyDetail.toString());
        out.check("Algorithm 1 tracks perturbed GD (iteration ratio within [1/3, 3] at every d and L)", tracks,
                Margin.atMost(Math.max(worstRatio, 1 / worstRatio), 3), medians,
                "largest deviation: Algorithm 1 / perturbed GD = " + Summaries.fmt(worstRatio) + " at " + worstWhere);
        out.check("both perturbed methods need fewer iterations than GD for d ≥ 4", beatsGd,
                Margin.above(smallestAdvantage, 1), medians, compared
                + " (d, L) cells; smallest ratio GD / slower perturbed method = " + (Double.isInfinite(smallestAdvantage)
                ? "∞ (GD censored everywhere)" : Summaries.fmt(smallestAdvantage)) + " (GD censored counts as ∞)");

        for (var le : cells.entrySet()) {
            XYChart c = Charts.xy("Iterations to the global minimum, L = " + Summaries.fmt(le.getKey()), "d",
                    "median iterations", false, true);
            int col = 0;
            for (String m : METHODS) {
                TreeMap<Integer, Cell> mc = le.getValue().get(m);
                Plots.series(c, name(m), mc.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                        mc.values().stream().mapToDouble(Cell::median).toArray(), col++, true, true);
            }
            TreeMap<Integer, Cell> gd = le.getValue().get(GD);
            double[] cx = gd.entrySet().stream().filter(e -> !e.getValue().complete())
                    .mapToDouble(e -> e.getKey()).toArray();
            double[] cy = gd.entrySet().stream().filter(e -> !e.getValue().complete())
                    .mapToDouble(e -> e.getValue().maxSteps()).toArray();
            Plots.series(c, "GD censored (≥ max_steps)", cx, cy, 3, false, true);
            Charts.ensureNotEmpty(c);
            out.figure("octopus-iterations-L" + Summaries.fmt(le.getKey()), c, "Median over starting points of the "
                    + "iterations to f − f* ≤ tol; GD points at max_steps did not reach the minimum.");
        }
        curves(data, by, out);
        out.note("Settings (Du et al.'s §5 values are not verified; chosen here): γ = 1, τ = e, steps η = 1/(4L) for "
                + "all methods, perturbation radius r = e/100, g_thres = e/100, t_thres = 1 for perturbed GD; "
                + "Algorithm 1 with the cosh kernel (the paper does not say which), L̄ = 1 (λ = 1), γ = η, "
                + "perturbation γ·ξ with ξ ∈ B(r/η) (the same radius e/100 in x), 𝒯 = 1 and 𝒢 = e/100 (for small "
                + "gradients its test λ⁻¹φ(∇φ*(λ∇f)) ≤ 𝒢²/2 is ‖∇f‖ ≲ 𝒢, as perturbed GD's); start uniform in "
                + "[−1, 1]^d; minimum reached when f − f* ≤ tol. In float64, gradient descent's component along the "
                + "next escape direction shrinks by 1 − 2Lη = 1/2 per step while it traverses a tentacle and "
                + "underflows to 0 after a few saddles: from then on it cannot leave the saddle at all, which the "
                + "report shows as censored counts. CSV: octopus-iterations.csv in the results folder.");
        return out;
    }

    private static String name(String m) {
        return switch (m) {
            case GD -> "GD";
            case DU -> "perturbed GD (Du et al.)";
            default -> "Algorithm 1 (perturbed P-GD)";
        };
    }

    /** Fit of log(median) on d (exponential) or log d (power law), over complete cells. */
    private static Stats.Line fit(TreeMap<Integer, Cell> c, boolean power) {
        List<double[]> pts = new ArrayList<>();
        for (var e : c.entrySet()) {
            if (e.getValue().complete()) {
                pts.add(new double[] {power ? Math.log(e.getKey()) : e.getKey(), Math.log(e.getValue().median())});
            }
        }
        return Stats.fit(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static int firstCensored(TreeMap<Integer, Cell> c) {
        return c.entrySet().stream().filter(e -> !e.getValue().complete()).mapToInt(Map.Entry::getKey).min()
                .orElse(Integer.MAX_VALUE);
    }

    /** median(d_max)/median(d_prev) between the two largest dimensions, per added dimension. */
    private static double lastStepGrowth(TreeMap<Integer, Cell> c) {
        if (c.size() < 2) {
            return Double.NaN;
        }
        int d1 = c.lastKey();
        int d0 = c.lowerKey(d1);
        return Math.pow(c.get(d1).median() / c.get(d0).median(), 1.0 / (d1 - d0));
    }

    /** f − f* vs iteration at d ∈ {5, 10} for each L, repeat 0 of each method, replayed. */
    private static void curves(ExperimentData data, Map<Double, Map<String, TreeMap<Integer, List<RunRecord>>>> by,
                               AnalysisResult out) throws Exception {
        for (int d : new int[] {5, 10}) {
            for (var le : by.entrySet()) {
                if (le.getKey() == Math.E) {
                    continue;
                }
                XYChart c = Charts.xy("f − f* on the octopus, d = " + d + ", L = " + Summaries.fmt(le.getKey()),
                        "iteration + 1", "f − f*", true, true);
                int col = 0;
                boolean any = false;
                for (String m : METHODS) {
                    List<RunRecord> runs = le.getValue().get(m).get(d);
                    if (runs == null) {
                        continue;
                    }
                    RunRecord r = runs.stream().filter(x -> x.repeat() == 0).findFirst().orElse(runs.get(0));
                    List<double[]> pts = new ArrayList<>();
                    Stats.replay(data, r, 20_000, (t, loss, gap, run) -> {
                        if (Stats.logSpaced(t)) {
                            pts.add(new double[] {t + 1, gap});
                        }
                    });
                    Plots.series(c, name(m), pts.stream().mapToDouble(p -> p[0]).toArray(),
                            pts.stream().mapToDouble(p -> p[1]).toArray(), col++, true, false);
                    any = true;
                }
                if (any) {
                    Charts.ensureNotEmpty(c);
                    out.figure("octopus-curve-d" + d + "-L" + Summaries.fmt(le.getKey()), c, "The first starting point, "
                            + "replayed (at most 20000 iterations): the horizontal segments are the saddles; GD's "
                            + "grow from one saddle to the next (Du et al., Figs. 3–4).");
                }
            }
        }
    }
}
