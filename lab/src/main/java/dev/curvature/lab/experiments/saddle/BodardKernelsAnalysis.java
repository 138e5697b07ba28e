package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.runner.RunSettings;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.PairedSeeds;
import dev.curvature.lab.report.Summaries;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Bodard &amp; Patrinos, arXiv 2509.15817, the claim of Fig. 2 (§4) carried to every kernel and to the
 * applications of Thms 2.12–2.14: on problems that satisfy Assumption 2.8 but are not Lipschitz
 * smooth, started far from the solutions, P-GD x⁺ = x − γ∇φ*(λ∇f(x)) converges with steps far above
 * the largest step at which gradient descent does not diverge, and needs fewer iterations.
 *
 * <p>The spec runs gradient descent (optimizer {@code name: gd}) and P-GD variants ({@code name:
 * p_gd}, any kernel, isotropic or separable) over one log grid of steps (zipped: grid point i gives
 * every method the i-th step), for one or more problems (a grid axis over {@code problem}) and
 * several random starting points (repeats; at a given repeat every method starts from the same
 * point). A run converged when it stopped with f − f* ≤ tol (stop reason {@code loss_gap}),
 * diverged when its loss exceeded the divergence limit or became non-finite, and stalled otherwise
 * (it reached max_steps).
 *
 * <p>Per problem and starting point s, as in {@link BodardFig2Analysis} but per start: GD's largest
 * non-diverging step η_GD(s) is the largest grid step below the smallest step at which GD diverged
 * from s; a variant's η_V(s) is the largest grid step at which it converged from s. GD's fewest
 * iterations over the grid are censored at max_steps when GD converged at no step (then the ratio
 * below is a lower bound). Checks, per problem, over all variants (the weakest decides): η_V(s)/η_GD(s)
 * ≥ {@value #STEP_RATIO} on at least the number of starts a one-sided sign test at α = 0.05
 * requires, and GD's fewest iterations ≥ {@value #ITERATION_RATIO}× the variant's on as many. Writes
 * {@code kernels-steps.csv} (outcomes per method and step) and {@code kernels-seeds.csv} (per start).
 */
public final class BodardKernelsAnalysis implements Analysis, Reproduction {
    /** The spec {@code bodard-kernels.yaml} beside this class. */
    @Override
    public String experiment() {
        return "bodard-kernels";
    }

    @Override
    public String name() {
        return "bodard-kernels";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    /** "Orders of magnitude": η_V/η_GD at least two of them. */
    static final double STEP_RATIO = 100;
    /** "Far fewer iterations", as in {@link BodardFig2Analysis}. */
    static final double ITERATION_RATIO = 10;
    private static final double ALPHA = 0.05;

    /** A method of the spec: its label, kernel ("gd" for gradient descent) and whether separable. */
    record Method(String label, String kernel, boolean separable) {
        boolean gd() {
            return kernel.equals("gd");
        }

        String title() {
            return gd() ? "GD" : kernel + (separable ? " sep." : " iso.");
        }
    }

    /** The outcome of one run: C(onverged), D(iverged) or S(talled), and its steps. */
    record Outcome(char kind, long steps) {}

    /** What one method did from one starting point: outcome by step. */
    private static final class Track {
        final TreeMap<Double, Outcome> byStep = new TreeMap<>();

        /** The largest step at which it converged (NaN if none). */
        double largestConverged() {
            return byStep.entrySet().stream().filter(e -> e.getValue().kind() == 'C').mapToDouble(Map.Entry::getKey)
                    .max().orElse(Double.NaN);
        }

        /** The smallest step at which it diverged (+∞ if none). */
        double firstDivergence() {
            return byStep.entrySet().stream().filter(e -> e.getValue().kind() == 'D').mapToDouble(Map.Entry::getKey)
                    .min().orElse(Double.POSITIVE_INFINITY);
        }

        /** The largest grid step below the first divergence (NaN if it diverged at the smallest step). */
        double largestNonDiverging() {
            Double k = byStep.lowerKey(firstDivergence());
            return k == null ? Double.NaN : k;
        }

        /** The fewest iterations to tolerance over the grid (NaN if it never converged). */
        double bestIterations() {
            return byStep.values().stream().filter(o -> o.kind() == 'C').mapToDouble(Outcome::steps).min()
                    .orElse(Double.NaN);
        }

        /** The most steps any run took: max_steps when some run stalled. */
        long longest() {
            return byStep.values().stream().mapToLong(Outcome::steps).max().orElse(0);
        }
    }

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        // problem → method label → repeat → track
        Map<String, Map<String, TreeMap<Integer, Track>>> by = new LinkedHashMap<>();
        Map<String, Method> methods = new LinkedHashMap<>();
        Map<String, String> problemText = new LinkedHashMap<>();
        for (RunRecord r : data.runs()) {
            SpecNode doc = data.doc(r);
            String problem = doc.get("problem").get("name").asString();
            problemText.putIfAbsent(problem, doc.get("problem").render());
            SpecNode o = doc.get("optimizers").get(r.optimizer());
            String name = o.get("name").asString();
            Method m = switch (name) {
                case "gd" -> new Method(r.optimizer(), "gd", false);
                case "p_gd" -> new Method(r.optimizer(), o.find("kernel").map(SpecNode::asString).orElse("cosh"),
                        o.find("separable").map(SpecNode::asBoolean).orElse(false));
                default -> throw new IllegalStateException("bodard-kernels: optimizer '" + r.optimizer() + "' is "
                        + name + ", expected gd or p_gd");
            };
            methods.putIfAbsent(r.optimizer(), m);
            double step = Stats.gridNumber(r, "optimizers." + r.optimizer() + ".lr");
            by.computeIfAbsent(problem, k -> new LinkedHashMap<>()).computeIfAbsent(r.optimizer(), k -> new TreeMap<>())
                    .computeIfAbsent(r.repeat(), k -> new Track()).byStep.put(step, outcome(r));
        }
        List<Method> gds = methods.values().stream().filter(Method::gd).toList();
        List<Method> variants = methods.values().stream().filter(m -> !m.gd()).toList();
        if (gds.size() != 1 || variants.isEmpty()) {
            throw new IllegalStateException("bodard-kernels expects one gd optimizer and at least one p_gd, found "
                    + methods.keySet());
        }
        Method gd = gds.get(0);

        List<List<Object>> stepRows = new ArrayList<>();
        List<List<Object>> seedRows = new ArrayList<>();
        long pgdDiverged = 0;
        long pgdRuns = 0;
        for (var pe : by.entrySet()) {
            String problem = pe.getKey();
            Map<String, TreeMap<Integer, Track>> mt = pe.getValue();
            TreeMap<Integer, Track> gdTracks = mt.get(gd.label());
            List<Integer> seeds = new ArrayList<>(gdTracks.keySet());
            int n = seeds.size();
            int critical = PairedSeeds.signTestCritical(n, ALPHA);
            double[] etaGd = seeds.stream().mapToDouble(s -> gdTracks.get(s).largestNonDiverging()).toArray();
            double[] gdBest = new double[n];
            boolean[] gdCensored = new boolean[n];
            for (int i = 0; i < n; i++) {
                Track t = gdTracks.get(seeds.get(i));
                gdBest[i] = t.bestIterations();
                if (Double.isNaN(gdBest[i])) {
                    gdBest[i] = t.longest();
                    gdCensored[i] = true;
                }
            }
            long censored = java.util.stream.IntStream.range(0, n).filter(i -> gdCensored[i]).count();
            out.finding(problem + ": GD's largest non-diverging step η_GD (median over starts)", median(etaGd),
                    "range " + range(etaGd) + " over " + n + " starts");
            out.finding(problem + ": GD's fewest iterations to tolerance (median over starts)", median(gdBest),
                    censored == 0 ? "converged at some step from every start"
                            : censored + " of " + n + " starts converged at no step within max_steps = "
                            + Summaries.fmt(Arrays.stream(gdBest).max().orElse(0))
                            + " (counted as max_steps: a lower bound)");

            // The decisive statistic: the critical-th largest per-start ratio (≥ threshold exactly when
            // at least `critical` starts reach it), of the weakest variant.
            double weakestStep = Double.POSITIVE_INFINITY;
            double weakestIts = Double.POSITIVE_INFINITY;
            String weakestStepName = "";
            String weakestItsName = "";
            StringBuilder stepDetail = new StringBuilder();
            StringBuilder itsDetail = new StringBuilder();
            for (Method v : variants) {
                TreeMap<Integer, Track> vt = mt.get(v.label());
                double[] eta = new double[n];
                double[] ratio = new double[n];
                double[] best = new double[n];
                double[] itsRatio = new double[n];
                int winsStep = 0;
                int winsIts = 0;
                for (int i = 0; i < n; i++) {
                    Track t = vt.get(seeds.get(i));
                    eta[i] = t.largestConverged();
                    ratio[i] = eta[i] / etaGd[i];
                    best[i] = t.bestIterations();
                    itsRatio[i] = gdBest[i] / best[i];
                    winsStep += ratio[i] >= STEP_RATIO ? 1 : 0;
                    winsIts += itsRatio[i] >= ITERATION_RATIO ? 1 : 0;
                    seedRows.add(List.of(problem, v.label(), v.kernel(), v.separable(), seeds.get(i), etaGd[i], eta[i],
                            ratio[i], gdBest[i], gdCensored[i], best[i], itsRatio[i]));
                    for (Outcome o : t.byStep.values()) {
                        pgdRuns++;
                        pgdDiverged += o.kind() == 'D' ? 1 : 0;
                    }
                }
                out.finding(problem + ", " + v.title() + ": η_V/η_GD (median over starts)", median(ratio),
                        winsStep + "/" + n + " starts ≥ " + Summaries.fmt(STEP_RATIO) + "; η_V median "
                                + Summaries.fmt(median(eta)) + "; fewest iterations median " + Summaries.fmt(median(best))
                                + ", GD/P-GD iteration ratio median " + Summaries.fmt(median(itsRatio)) + " ("
                                + winsIts + "/" + n + " ≥ " + Summaries.fmt(ITERATION_RATIO) + ")");
                double stepStat = kthLargest(ratio, critical);
                double itsStat = kthLargest(itsRatio, critical);
                if (!(stepStat >= weakestStep)) {
                    weakestStep = stepStat;
                    weakestStepName = v.title();
                }
                if (!(itsStat >= weakestIts)) {
                    weakestIts = itsStat;
                    weakestItsName = v.title();
                }
                stepDetail.append(v.title()).append(" ").append(winsStep).append("/").append(n).append(" (median ×")
                        .append(Summaries.fmt(median(ratio))).append("); ");
                itsDetail.append(v.title()).append(" ").append(winsIts).append("/").append(n).append(" (median ×")
                        .append(Summaries.fmt(median(itsRatio))).append("); ");
            }
            String basis = "sign count over random starting points, paired by start; the weakest of "
                    + variants.size() + " variants decides";
            out.check(problem + ": every P-GD variant converges with a step ≥ " + Summaries.fmt(STEP_RATIO)
                            + "× GD's largest non-diverging step from the same start, on at least the " + critical
                            + " of " + n + " starts a one-sided sign test at α = 0.05 needs (statistic: the "
                            + critical + "-th largest ratio η_V/η_GD over starts, of the weakest variant)",
                    Margin.atLeast(weakestStep, STEP_RATIO), Evidence.seeds(n, basis),
                    "weakest: " + weakestStepName + "; starts ≥ " + Summaries.fmt(STEP_RATIO) + ": " + stepDetail
                            + "GD's η_GD median " + Summaries.fmt(median(etaGd)));
            out.check(problem + ": every P-GD variant needs ≥ " + Summaries.fmt(ITERATION_RATIO)
                            + "× fewer iterations than GD, each at its best step (GD censored at max_steps counts "
                            + "as max_steps), on at least the " + critical + " of " + n + " starts the sign test needs "
                            + "(statistic: the " + critical + "-th largest ratio, weakest variant)",
                    Margin.atLeast(weakestIts, ITERATION_RATIO), Evidence.seeds(n, basis),
                    "weakest: " + weakestItsName + "; starts ≥ " + Summaries.fmt(ITERATION_RATIO) + ": " + itsDetail
                            + "GD's fewest median " + Summaries.fmt(median(gdBest))
                            + (censored > 0 ? " (censored on " + censored + "/" + n + " starts)" : ""));

            // Outcomes per method and step, for the CSV and the figures.
            TreeMap<String, TreeMap<Double, int[]>> counts = new TreeMap<>();
            TreeMap<String, TreeMap<Double, List<Double>>> its = new TreeMap<>();
            for (Method m : methods.values()) {
                TreeMap<Double, int[]> c = new TreeMap<>();
                TreeMap<Double, List<Double>> it = new TreeMap<>();
                for (Track t : mt.get(m.label()).values()) {
                    for (var e : t.byStep.entrySet()) {
                        int[] k = c.computeIfAbsent(e.getKey(), x -> new int[4]);
                        k[0]++;
                        k[e.getValue().kind() == 'C' ? 1 : e.getValue().kind() == 'D' ? 2 : 3]++;
                        if (e.getValue().kind() == 'C') {
                            it.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add((double) e.getValue().steps());
                        }
                    }
                }
                counts.put(m.label(), c);
                its.put(m.label(), it);
                for (var e : c.entrySet()) {
                    int[] k = e.getValue();
                    List<Double> l = it.get(e.getKey());
                    stepRows.add(List.of(problem, m.label(), m.kernel(), m.separable(), e.getKey(), k[0], k[1], k[2], k[3],
                            k[1] == k[0] ? Summaries.median(l) : Double.NaN));
                }
            }
            long maxSteps = mt.values().stream().flatMap(m -> m.values().stream()).mapToLong(Track::longest).max()
                    .orElse(0);
            figures(out, problem, problemText.get(problem), methods, counts, its, maxSteps);
        }
        out.finding("P-GD runs that diverged (all problems, variants and steps)", pgdDiverged, "of " + pgdRuns
                + " runs" + (pgdDiverged == 0 ? "; above its largest converging step P-GD stalled at a bounded loss "
                + "(below the divergence limit) at every step of the grid, where GD diverged" : ""));
        Summaries.csv(data.store().dir(), "kernels-steps.csv", List.of("problem", "method", "kernel", "separable",
                "step", "runs", "converged", "diverged", "stalled", "median_iterations"), stepRows);
        Summaries.csv(data.store().dir(), "kernels-seeds.csv", List.of("problem", "method", "kernel", "separable",
                "repeat", "eta_gd", "eta_method", "step_ratio", "gd_best_iterations", "gd_censored",
                "method_best_iterations", "iteration_ratio"), seedRows);
        out.note("Per starting point: η_GD = the largest grid step below the smallest step at which GD diverged "
                + "(f > 1e12 or non-finite); η_V = the largest grid step at which the variant reached f − f* ≤ tol. "
                + "The grid is log-spaced, so each ratio is known to within one grid factor (and η_V is a lower "
                + "bound where the variant converged at its largest grid step). P-GD uses λ = 1 "
                + "(L̄ = 1, as the paper's Fig. 2) for every kernel; near a minimizer every kernel acts like GD with "
                + "step γλ (h*′(s) ≈ s for small s), so its largest converging step is set by the curvature at "
                + "the solution, GD's by the curvature at the far start. Problems: "
                + String.join("; ", problemText.values()) + ". CSV: kernels-steps.csv and kernels-seeds.csv in the "
                + "results folder.");
        return out;
    }

    private static Outcome outcome(RunRecord r) {
        if ("loss_gap".equals(r.stopReason())) {
            return new Outcome('C', r.steps());
        }
        if (r.status() == RunStatus.DIVERGED || RunSettings.DIVERGED.equals(r.stopReason())) {
            return new Outcome('D', r.steps());
        }
        return new Outcome('S', r.steps());
    }

    private static void figures(AnalysisResult out, String problem, String text, Map<String, Method> methods,
                                TreeMap<String, TreeMap<Double, int[]>> counts,
                                TreeMap<String, TreeMap<Double, List<Double>>> its, long maxSteps) {
        XYChart c = Charts.xy("Iterations to tolerance vs step — " + problem, "step size γ", "median iterations", true,
                true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        int col = 0;
        for (Method m : methods.values()) {
            TreeMap<Double, int[]> k = counts.get(m.label());
            double[] x = k.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = k.entrySet().stream().mapToDouble(e -> e.getValue()[1] == e.getValue()[0]
                    ? Summaries.median(its.get(m.label()).get(e.getKey())) : Double.NaN).toArray();
            Plots.series(c, m.title(), x, y, col++, true, true);
            if (m.gd()) {
                // GD's steps where no start diverged but not every start converged: at least max_steps.
                double[] cx = k.entrySet().stream().filter(e -> e.getValue()[2] == 0 && e.getValue()[1] < e.getValue()[0])
                        .mapToDouble(Map.Entry::getKey).toArray();
                double[] cy = new double[cx.length];
                Arrays.fill(cy, maxSteps);
                Plots.series(c, "GD ≥ max_steps", cx, cy, 9, false, true);
            }
        }
        Charts.ensureNotEmpty(c);
        out.figure("kernels-iterations-" + problem, c, problem + ": median iterations to f − f* ≤ tol over the "
                + "starting points, at the steps where every start converged; GD's points at max_steps did not "
                + "diverge but did not reach the tolerance within max_steps (" + text + ").");
        XYChart f = Charts.xy("Outcome vs step — " + problem, "step size γ", "fraction of runs", true, false);
        TreeSet<Double> steps = new TreeSet<>();
        counts.values().forEach(m -> steps.addAll(m.keySet()));
        double[] x = steps.stream().mapToDouble(Double::doubleValue).toArray();
        Method gd = methods.values().stream().filter(Method::gd).findFirst().orElseThrow();
        Plots.series(f, "GD diverged", x, fraction(counts.get(gd.label()), steps, 2), 3, true, true);
        Plots.series(f, "GD converged", x, fraction(counts.get(gd.label()), steps, 1), 0, true, true);
        TreeMap<Double, int[]> pooled = new TreeMap<>();
        for (Method m : methods.values()) {
            if (!m.gd()) {
                counts.get(m.label()).forEach((s, k) -> {
                    int[] p = pooled.computeIfAbsent(s, z -> new int[4]);
                    for (int i = 0; i < 4; i++) {
                        p[i] += k[i];
                    }
                });
            }
        }
        Plots.series(f, "P-GD converged (all variants)", x, fraction(pooled, steps, 1), 2, true, true);
        Plots.series(f, "P-GD diverged (all variants)", x, fraction(pooled, steps, 2), 4, true, true);
        out.figure("kernels-outcomes-" + problem, f, problem + ": fraction of runs that converged or diverged at "
                + "each step, GD and the P-GD variants pooled (the rest stalled at max_steps).");
    }

    private static double[] fraction(TreeMap<Double, int[]> c, TreeSet<Double> steps, int which) {
        return steps.stream().mapToDouble(s -> {
            int[] k = c.get(s);
            return k == null || k[0] == 0 ? Double.NaN : (double) k[which] / k[0];
        }).toArray();
    }

    /**
     * The k-th largest value (NaN counted as −∞): at least k values are ≥ t exactly when it is ≥ t.
     * NaN when k is not in 1 … n.
     */
    static double kthLargest(double[] v, int k) {
        if (k < 1 || k > v.length) {
            return Double.NaN;
        }
        double[] s = Arrays.stream(v).map(x -> Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x).sorted().toArray();
        return s[s.length - k];
    }

    private static double median(double[] v) {
        return PairedSeeds.medianOf(Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray());
    }

    private static String range(double[] v) {
        double lo = Arrays.stream(v).filter(x -> !Double.isNaN(x)).min().orElse(Double.NaN);
        double hi = Arrays.stream(v).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
        return "[" + Summaries.fmt(lo) + ", " + Summaries.fmt(hi) + "]";
    }
}
