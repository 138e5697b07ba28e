package dev.curvature.lab.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A numeric configuration of the runs: which dense kernels compute, and so in which order the
 * floating-point sums are taken. A reproduction's claim must not depend on it. The OpenBLAS kernel
 * family is fixed when the library loads, from the environment, so each configuration runs in its
 * own JVM ({@link #command}).
 */
enum NumericConfig {
    /** Native OpenBLAS with its own CPU detection (OPENBLAS_CORETYPE unset): SkylakeX / Cooperlake kernels on AVX-512. */
    NATIVE("native", "native OpenBLAS with its own CPU detection (OPENBLAS_CORETYPE unset)", "native", null),
    /** Native OpenBLAS forced to its Haswell (AVX2) kernels, which every x86-64 machine here runs. */
    NATIVE_HASWELL("native-haswell", "native OpenBLAS forced to its Haswell kernels (OPENBLAS_CORETYPE=Haswell)",
            "native", "Haswell"),
    /** The pure-Java Vector API kernels. */
    JAVA("java", "the pure-Java kernels (Vector API)", "java", null);

    private final String label;
    private final String description;
    private final String backend;
    private final String coreType;

    NumericConfig(String label, String description, String backend, String coreType) {
        this.label = label;
        this.description = description;
        this.backend = backend;
        this.coreType = coreType;
    }

    /** The name on the command line and in folder names. */
    String label() {
        return label;
    }

    /** What it runs, in words. */
    String description() {
        return description;
    }

    /** The configuration named {@code label}, or an error listing the names. */
    static NumericConfig of(String label) {
        for (NumericConfig c : values()) {
            if (c.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown numeric configuration '" + label + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(NumericConfig::label).toList()) + ")");
    }

    /**
     * A process that runs {@code curvature args...} under this configuration: this JVM's binary,
     * class path and flags, with the backend forced and OPENBLAS_CORETYPE set or removed.
     */
    ProcessBuilder command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dcurvature.backend=")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dcurvature.backend=" + backend);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CurvatureCli.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (coreType == null) {
            pb.environment().remove("OPENBLAS_CORETYPE");
        } else {
            pb.environment().put("OPENBLAS_CORETYPE", coreType);
        }
        return pb;
    }
}
