package dev.curvature.lab;

import dev.curvature.lab.report.Analyses;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.HtmlReport;
import dev.curvature.lab.runner.RunPlan;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Runs {@code spec} into {@code out} and reports on it. */
    public static Result execute(ExperimentSpec spec, Path out, Runner.Options options) throws Exception {
        String analysisName = spec.root().find("analysis").map(SpecNode::asString).orElse(null);
        if (analysisName != null && !Analyses.contains(analysisName)) {
            throw spec.root().get("analysis").error("unknown analysis '" + analysisName + "'");
        }
        plottedMetrics(spec);
        List<RunPlan> plans = Runner.plan(spec);
        try (ResultStore store = ResultStore.open(out)) {
            Runner.Outcome outcome = new Runner(store).run(spec, plans, options);
            return report(store, spec, outcome);
        }
    }

    /** Analyses and reports the stored results of {@code spec}. */
    public static Result report(ResultStore store, ExperimentSpec spec, Runner.Outcome outcome) throws Exception {
        ExperimentData data = new ExperimentData(store, spec.name());
        AnalysisResult analysis = null;
        String analysisName = spec.root().find("analysis").map(SpecNode::asString).orElse(null);
        if (analysisName != null) {
            analysis = Analyses.get(analysisName).analyze(data);
        }
        Path report = HtmlReport.write(data, spec.description(), spec.text(), plottedMetrics(spec), analysis,
                store.dir());
        return new Result(outcome, analysis, report);
    }

    /** The metrics named under {@code report.metrics}, or empty for all. */
    private static List<String> plottedMetrics(ExperimentSpec spec) {
        List<String> out = new ArrayList<>();
        spec.root().find("report").ifPresent(r -> {
            r.allowOnly(List.of("metrics"));
            r.find("metrics").ifPresent(m -> m.items().forEach(i -> out.add(i.asString())));
        });
        return out;
    }
}
