package dev.curvature.lab.cli;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.io.AtomicFiles;
import dev.curvature.core.io.Npy;
import dev.curvature.optim.spectral.Polar;
import dev.curvature.optim.spectral.PolarEngine;
import dev.curvature.optim.spectral.SpectralDiagnostics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curvature polar}: the polar factor U·Vᵀ of a matrix stored as {@code .npy} (thin SVD
 * X = U·S·Vᵀ), by any engine of {@link Polar}, exact or Newton–Schulz. A float32 input is computed
 * and written in float32; float64, integer and boolean inputs in float64. An N-d array (N ≥ 3) is
 * treated as the (dim0, −1) matrix, as Muon does for convolution kernels, and the result keeps the
 * input's shape. The output is written only to a regular file or a new path
 * ({@link AtomicFiles#requireReplaceable}), checked before any work.
 */
@Command(name = "polar", mixinStandardHelpOptions = true,
        description = "Compute the polar factor U·Vᵀ of the matrix in a .npy file (thin SVD X = U·S·Vᵀ) with an "
                + "exact or Newton–Schulz engine and write it as .npy: float32 input in float32; float64, integer "
                + "and bool input in float64.",
        footer = {"", "Exit codes:", "  0  success", "  1  internal failure",
                "  2  unknown method, unreadable or unusable input (not a matrix, NaN or",
                "     infinite entries, above --limit elements), or an --out that is not a",
                "     regular file or a new path", "", "Examples:",
                "  curvature polar --method svd --in grad.npy --out polar.npy",
                "  curvature polar --method polar_express --in w.npy --out o.npy",
                "  curvature polar --method ns5 --steps 10 --in w.npy --out o.npy",
                "  python3 -c \"import numpy as np; np.save('x.npy', np.random.randn(256, 512).astype('f4'))\""})
final class PolarCommand implements Callable<Integer> {
    CommandSpec spec;

    @Option(names = {"-m", "--method"}, required = true, paramLabel = "M", completionCandidates = Methods.class,
            description = "Engine: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(names = {"-i", "--in"}, required = true, paramLabel = "X.npy", description = "Input matrix (.npy).")
    Path in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "Y.npy", description = "Output file (.npy), "
            + "written atomically; a regular file or a new path (FIFOs, devices, directories and symbolic links "
            + "are refused). Same shape as the input; float32 for a float32 input, else float64.")
    Path out;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "0", description = "Polynomial steps (0: the "
            + "method's default; ignored by the exact methods).")
    int steps;

    /** The engine names, for the help. */
    static final class Methods implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Polar.names().iterator();
        }
    }

    /**
     * Receives the command's model and puts the engine list, read from {@link Polar}, in front of
     * the footer, so that the help lists exactly the engines there are.
     */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
        footer.addAll(0, methodsHelp());
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    /**
     * What the engine achieved on g: its polar error ‖Y − UVᵀ‖_F/√min(m, n) against the exact factor
     * (float64 SVD) and the range of Y's singular values (all 1 for an exact polar factor of a
     * full-rank g). Measured after the timed call, so the time is the engine's alone.
     */
    private static String achieved(Tensor g, Tensor y) {
        double error = SpectralDiagnostics.polarError(y.dtype() == DType.F64 ? y : y.to(DType.F64),
                SpectralDiagnostics.exactPolar(g));
        double[] range = SpectralDiagnostics.singularValueRange(y);
        return String.format(Locale.ROOT, "%n  polar error %.3e (‖Y − UVᵀ‖_F/√min(m,n), against the exact factor); "
                + "singular values of Y in [%.4g, %.4g]", error, range[0], range[1]);
    }

    private static List<String> methodsHelp() {
        List<String> exact = new ArrayList<>();
        List<String> polynomial = new ArrayList<>();
        for (Polar.Method m : Polar.methods()) {
            (m.exact() ? exact : polynomial).add(m.name());
        }
        return List.of("", "Methods: " + String.join(", ", exact) + " (exact); " + String.join(", ", polynomial)
                + " (polynomial; --steps overrides their number of steps).");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Polar.contains(method)) {
            err.println("curvature polar: unknown method '" + method + "' (known: " + String.join(", ", Polar.names())
                    + ")");
            return 2;
        }
        if (steps < 0 || steps > 100) {
            err.println("curvature polar: --steps = " + steps + " is outside [0, 100]");
            return 2;
        }
        try {
            AtomicFiles.requireReplaceable(out);
        } catch (AtomicFiles.NotRegularFileException e) {
            err.println("curvature polar: cannot write --out " + e.getMessage());
            return 2;
        }
        Tensor x;
        try {
            x = Npy.read(in);
        } catch (NoSuchFileException e) {
            err.println("curvature polar: no such file: " + in);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("curvature polar: cannot read " + in + ": " + e.getMessage());
            return 2;
        }
        if (x.rank() < 2) {
            err.println("curvature polar: " + in + " holds an array of shape " + Tensor.shapeString(x.shape())
                    + "; needs a matrix (2 or more dimensions)");
            return 2;
        }
        // The polar factor itself: without the ε floor that damps tiny inputs in the optimizers.
        PolarEngine engine = Polar.engine(method, steps).scaleInvariant();
        long t0 = System.nanoTime();
        Tensor result;
        if (x.size() == 0) {
            result = Tensor.zerosLike(x); // the polar factor of an empty matrix is empty
        } else {
            Tensor g = x.rank() == 2 ? x : x.reshape(x.dim(0), x.size() / x.dim(0));
            Tensor y = Tensor.zeros(g.dtype(), g.rows(), g.cols());
            try {
                engine.polar(g, y);
            } catch (ArithmeticException e) {
                err.println("curvature polar: " + in + ": " + e.getMessage());
                return 2;
            }
            result = x.rank() == 2 ? y : y.reshape(x.shape());
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        String achieved = x.size() == 0 ? "" : achieved(x.rank() == 2 ? x : x.reshape(x.dim(0), x.size() / x.dim(0)),
                result.rank() == 2 ? result : result.reshape(x.dim(0), x.size() / x.dim(0)));
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Npy.write(out, result);
        } catch (AtomicFiles.NotRegularFileException e) {
            err.println("curvature polar: cannot write --out " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("curvature polar: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        stdout.println(String.format(Locale.ROOT, "polar: %s on %s %s in %.1f ms -> %s%s", engine.name(),
                Tensor.shapeString(x.shape()), x.dtype().name().toLowerCase(Locale.ROOT), ms, out, achieved));
        stdout.flush();
        return 0;
    }
}
