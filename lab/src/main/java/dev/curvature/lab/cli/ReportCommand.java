package dev.curvature.lab.cli;

import dev.curvature.lab.Lab;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code curvature report RESULTS}: rebuild plots and the HTML report; export CSV or Parquet. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild the plots and HTML report of a results folder; optionally export the tables.",
        footer = {"", "Examples:", "  curvature report results/baselines-rosenbrock",
                "  curvature report results/my-sweep --csv --parquet   # runs/metrics/events for pandas or polars",
                "  curvature report results/my-sweep --svg             # plots as SVG too"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS", description = "A results folder (holds results.duckdb).")
    Path dir;

    @Option(names = "--csv", description = "Also write runs.csv, metrics.csv, events.csv into RESULTS/export.")
    boolean csv;

    @Option(names = "--parquet", description = "Also write runs/metrics/events .parquet into RESULTS/export.")
    boolean parquet;

    @Option(names = "--svg", description = "Also write each plot as SVG beside its PNG under RESULTS/plots.")
    boolean svg;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        try (ResultStore store = ResultStore.openExisting(dir)) {
            for (String name : store.experiments()) {
                ExperimentSpec s = ExperimentSpec.parse(store.specText(name), dir.resolve(ResultStore.FILE) + "#" + name);
                Lab.Result r = Lab.report(store, s, null, svg);
                pw.println(name + ": " + r.report());
            }
            if (csv) {
                store.exportCsv(dir.resolve("export"));
                pw.println("CSV: " + dir.resolve("export"));
            }
            if (parquet) {
                store.exportParquet(dir.resolve("export"));
                pw.println("Parquet: " + dir.resolve("export"));
            }
        }
        pw.flush();
        return 0;
    }
}
