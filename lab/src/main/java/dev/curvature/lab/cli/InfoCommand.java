package dev.curvature.lab.cli;

import dev.curvature.core.Version;
import dev.curvature.core.backend.Backend;
import dev.curvature.core.backend.Backends;
import java.io.PrintWriter;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code curvature info}: version, numeric backend and why it was chosen, threads, JDK and CPU vectors. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the version, the numeric backend in use and why, threads, JDK and CPU vector width.",
        footer = {"", "Examples:", "  curvature info",
                "  CURVATURE_JVM_OPTS=-Dcurvature.backend=java curvature info"})
final class InfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Backend b = Backends.current();
        Runtime rt = Runtime.getRuntime();
        row(out, "version", Version.get());
        row(out, "backend", b.description());
        row(out, "selected because", Backends.selectionReason());
        row(out, "native available", Backends.nativeAvailable() ? "yes" : "no");
        row(out, "threads", b.threads() + " (cores: " + rt.availableProcessors() + "; set -D"
                + Backends.THREADS_PROPERTY + "=N)");
        row(out, "jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")");
        row(out, "cpu vectors", FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit ("
                + FloatVector.SPECIES_PREFERRED.length() + " float / " + DoubleVector.SPECIES_PREFERRED.length()
                + " double lanes)");
        row(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        row(out, "max heap", (rt.maxMemory() >> 20) + " MiB");
        out.flush();
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-18s %s%n", key, value);
    }
}
