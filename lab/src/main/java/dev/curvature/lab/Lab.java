package dev.curvature.lab;

import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.HtmlReport;
import dev.curvature.lab.runner.RunPlan;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way to carry out an experiment: plan and validate every run, execute (or resume) them into
 * the result store, run the experiment's analysis, and write the report.
 */
public final class Lab {
    private Lab() {}

    /** What an experiment produced. */
    public record Result(Runner.Outcome outcome, AnalysisResult analysis, Path report) {
        /** True when no run failed and every check of the analysis passed. */
        public boolean ok() {
            return outcome.failed() == 0 && (analysis == null || analysis.passed());
        }
    }

    /**
     * The components named under {@code requires: {optimizers: [..]}} that this build does not
     * register (an experiment that depends on a method of an optional module), as
     * {@code optimizer 'muon'}; empty when everything is available.
     */
    public static List<String> missingRequirements(ExperimentSpec spec) {
        List<String> missing = new ArrayList<>();
        spec.root().find("requires").ifPresent(r -> {
            r.allowOnly(List.of("optimizers"));
            r.find("optimizers").ifPresent(o -> o.items().forEach(i -> {
                if (!Catalog.hasOptimizer(i.asString())) {
                    missing.add("optimizer '" + i.asString() + "'");
                }
            }));
        });
        return missing;
    }

    /** Runs {@code spec} into {@code out} and reports on it. */
    public static Result execute(ExperimentSpec spec, Path out, Runner.Options options) throws Exception {
        List<RunPlan> plans = check(spec);
        try (ResultStore store = ResultStore.open(out)) {
            Runner.Outcome outcome = new Runner(store).run(spec, plans, options);
            return report(store, spec, outcome);
        }
    }

    /**
     * Checks the whole spec without running or writing anything: the analysis, the report section,
     * and every run of every grid point, of the spec and of its quick variant; returns the spec's runs.
     */
    public static List<RunPlan> check(ExperimentSpec spec) {
        List<String> missing = missingRequirements(spec);
        if (!missing.isEmpty()) {
            throw spec.root().get("requires").error("experiment '" + spec.name() + "' needs "
                    + String.join(", ", missing) + ", which this build does not register");
        }
        spec.root().find("analysis").ifPresent(Lab::analysisParameters);
        plottedMetrics(spec);
        List<RunPlan> plans = Runner.plan(spec);
        ExperimentSpec quick = spec.quick();
        if (quick != spec) {
            try {
                Runner.plan(quick);
            } catch (SpecException e) {
                throw new SpecException(e.getMessage() + " (with the quick overrides)", e);
            }
        }
        return plans;
    }

    /** Analyses and reports the stored results of {@code spec}. */
    public static Result report(ResultStore store, ExperimentSpec spec, Runner.Outcome outcome) throws Exception {
        return report(store, spec, outcome, false);
    }

    /**
     * As {@link #report(ResultStore, ExperimentSpec, Runner.Outcome)}; {@code svg} writes each plot as
     * SVG too, as the spec's {@code report: {svg: true}} does.
     */
    public static Result report(ResultStore store, ExperimentSpec spec, Runner.Outcome outcome, boolean svg)
            throws Exception {
        SpecNode analysisNode = spec.root().find("analysis").orElse(null);
        ExperimentData data = new ExperimentData(store, spec.name(),
                analysisNode == null ? Map.of() : analysisParameters(analysisNode));
        AnalysisResult analysis = null;
        if (analysisNode != null) {
            analysis = analysis(analysisNode).analyze(data);
        }
        Path report = HtmlReport.write(data, spec.description(), spec.text(), plottedMetrics(spec), analysis,
                store.dir(), svg || svgRequested(spec));
        return new Result(outcome, analysis, report);
    }

    /**
     * The analysis named by {@code analysis: NAME} or {@code analysis: {name: NAME, ...}}; an unknown
     * name is a spec error at the name's location.
     */
    private static Analysis analysis(SpecNode node) {
        SpecNode nameNode = node.isMap() ? node.get("name", "the analysis name") : node;
        String name = nameNode.asString();
        return BuiltinExperiments.analysis(name).orElseThrow(() -> {
            List<String> known = BuiltinExperiments.analysisNames();
            return nameNode.error("unknown analysis '" + name + "'" + SpecNode.suggest(name, known)
                    + (known.isEmpty() ? " (no analyses are registered)" : " (known analyses: "
                    + String.join(", ", known) + ")"));
        });
    }

    /**
     * The parameters set by {@code analysis: {name: NAME, PARAMETER: value, ...}} (empty for
     * {@code analysis: NAME}), checked against those the analysis declares.
     */
    private static Map<String, Double> analysisParameters(SpecNode node) {
        Analysis analysis = analysis(node);
        if (!node.isMap()) {
            return Map.of();
        }
        String name = analysis.name();
        Map<String, Double> declared = analysis.parameters();
        List<String> allowed = new ArrayList<>();
        allowed.add("name");
        allowed.addAll(declared.keySet());
        node.allowOnly(allowed, "analysis " + name);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, SpecNode> e : node.entries().entrySet()) {
            if (!e.getKey().equals("name")) {
                out.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return out;
    }

    /** What every run records, besides the columns of its monitors and optimizers. */
    private static final List<String> RUN_METRICS = List.of("loss", "grad_norm", "skipped");

    /**
     * A metric to plot: a name close to one the runs record for sure (the run's own columns, the
     * names of the spec's monitors) but not equal to it is a typo, refused with the name it is
     * close to. Other names are the columns monitors and optimizers choose when they run.
     */
    private static String checkMetric(SpecNode item, ExperimentSpec spec) {
        String metric = item.asString();
        List<String> known = new ArrayList<>(RUN_METRICS);
        spec.root().find("monitors").filter(SpecNode::isList).ifPresent(list -> list.items().stream()
                .filter(mon -> mon.isMap() && mon.has("name") && mon.get("name").kind() == SpecNode.Kind.STRING)
                .forEach(mon -> known.add(mon.get("name").asString())));
        String hint = SpecNode.suggest(metric, known);
        if (metric.isBlank() || !known.contains(metric) && !hint.isEmpty()) {
            throw item.error("unknown metric '" + metric + "'" + hint + "; every run records "
                    + String.join(", ", RUN_METRICS) + ", and its monitors and optimizers add their own columns");
        }
        return metric;
    }

    /** The metrics named under {@code report.metrics}, or empty for all. */
    /** Whether the spec asks for SVG plots ({@code report: {svg: true}}); checked by {@link #plottedMetrics}. */
    private static boolean svgRequested(ExperimentSpec spec) {
        return spec.root().find("report").flatMap(r -> r.find("svg")).map(SpecNode::asBoolean).orElse(false);
    }

    private static List<String> plottedMetrics(ExperimentSpec spec) {
        List<String> out = new ArrayList<>();
        spec.root().find("report").ifPresent(r -> {
            if (!r.isMap()) {
                throw r.error("report is a mapping {metrics: [loss, grad_norm, ...], svg: false}, got " + r.describe());
            }
            r.allowOnly(List.of("metrics", "svg"));
            r.find("svg").ifPresent(SpecNode::asBoolean);
            r.find("metrics").ifPresent(m -> {
                if (!m.isList()) {
                    throw m.error("metrics is a list of metric names [loss, grad_norm, ...], got " + m.describe());
                }
                for (SpecNode i : m.items()) {
                    out.add(checkMetric(i, spec));
                }
            });
        });
        return out;
    }
}
