package dev.curvature.diagnostics;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Monitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monitor of the extreme Hessian eigenvalues λ_min(∇²f(x_t)) and λ_max(∇²f(x_t)) by
 * {@link Lanczos} on Hessian-vector products (columns {@code lambda_min}, {@code lambda_max},
 * {@code hessian_norm} = max(|λ_min|, |λ_max|) = ‖∇²f‖₂, {@code lanczos_hvps},
 * {@code lanczos_converged} 1/0). The start vector of step t is drawn from the stream
 * {@code RandomStream.of(seed).fork(t)}, so a measurement depends only on (x_t, seed, t) and a
 * resumed run reproduces it. The Lanczos workspace is reused across measurements; the last
 * result, with the negative-curvature direction, is available from {@link #last()}.
 */
public final class HessianExtremes implements Monitor {
    private final Lanczos lanczos;
    private final HessianOperator hessian;
    private final long seed;
    private Lanczos.Result last;

    /** A monitor with these Lanczos settings, Hessian products and seed. */
    public HessianExtremes(Lanczos.Options options, HessianOperator.Mode mode, long seed) {
        this.lanczos = new Lanczos(options);
        this.hessian = new HessianOperator(mode);
        this.seed = seed;
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        last = lanczos.compute(hessian.bind(problem, x), x, RandomStream.of(seed).fork(step), Lanczos.Target.BOTH);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("lambda_min", last.lambdaMin());
        out.put("lambda_max", last.lambdaMax());
        out.put("hessian_norm", Math.max(Math.abs(last.lambdaMin()), Math.abs(last.lambdaMax())));
        out.put("lanczos_hvps", (double) last.hvps());
        out.put("lanczos_converged", last.converged() ? 1.0 : 0.0);
        return out;
    }

    /** The result of the last measurement (null before the first). */
    public Lanczos.Result last() {
        return last;
    }
}
