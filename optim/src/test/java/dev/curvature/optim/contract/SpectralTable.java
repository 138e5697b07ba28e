package dev.curvature.optim.contract;

import static dev.curvature.optim.contract.OptimizerTable.map;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.contract.OptimizerTable.Hp;
import dev.curvature.optim.contract.OptimizerTable.Invalid;
import dev.curvature.optim.contract.OptimizerTable.Reference;
import dev.curvature.optim.contract.OptimizerTable.Shape;
import dev.curvature.optim.contract.OptimizerTable.Spec;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.PublishedPolynomials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * The contract rows of the spectral optimizers. The references are written from the published
 * update rules in plain double loops over {@code TestQuadratic}'s flattened layout ({@link Shape}):
 * the vector w, the A×B matrix W (row-major) and the bias b. The Muon-family presets send W (label
 * {@code matrix}) to their rule and w, b to AdamW; SpecGD orthogonalizes every block (a vector as
 * an n×1 matrix: g/‖g‖). The shape rules are each method's own: the quintic iterations run on the
 * wide orientation (a tall W transposed, as Muon's code does), Dion on the tall one, and the
 * scale factors (max(1, A/B)^½, 0.2·√max(A, B), √(A/B), 0.2·√(AB)) take A = rows, B = cols. Polar
 * factors of the reference are computed by the cubic Newton–Schulz iteration run to convergence,
 * and the quintic iterations by dense products, independently of the library.
 */
final class SpectralTable {
    private SpectralTable() {}

    static List<Spec> specs() {
        List<Spec> out = new ArrayList<>();
        Object decay = new Schedules.Exponential(0.1, 0.98, 1, 0, false, Double.NaN);
        Object adamDecay = new Schedules.WarmupCosine(0.0, 0.1, 10, 600, 0.0);
        Map<String, Object> adamConverge = map("adam_lr", adamDecay, "adam_wd", 0.0);

        Map<String, Object> specGd = map("lr", 0.02, "method", "svd", "steps", 0L);
        out.add(new Spec("spec_gd", specGd,
                map("lr", decay), 600, 1e-4,
                List.of(map("lr", 0.05, "method", "svd", "steps", 0L), map("lr", 0.01, "method", "polar_express", "steps", 0L)),
                SpectralTable::specGd,
                List.of(new Invalid(map("method", "newton"), "spec_gd: method = newton is not one of svd, qdwh, ns5, "
                                + "muon_plus, polar_express, turbo_muon, turbo_muon_ga, root"),
                        new Invalid(map("lr", -1.0), "spec_gd: lr = -1.0 is outside [0, ∞)"),
                        new Invalid(map("steps", -1L), "spec_gd: steps = -1 is outside [0, 100]"))));

        Map<String, Object> muon = merge(map("lr", 0.02, "momentum", 0.95, "nesterov", true, "ns_steps", 5L,
                "weight_decay", 0.0, "method", "ns5", "adjust_lr", "muon", "matrix_labels", "hidden,matrix"),
                adam(3e-4, 0.9, 0.95, 1e-8, 0.01));
        out.add(new Spec("muon", muon, merge(map("lr", decay), adamConverge), 600, 1e-4,
                List.of(muon,
                        with(muon, "lr", 0.05, "nesterov", false, "weight_decay", 0.1, "adjust_lr", "rms_norm",
                                "adam_lr", 0.01),
                        with(muon, "momentum", 0.8, "adjust_lr", "spectral_norm", "method", "polar_express"),
                        with(muon, "ns_steps", 3L, "adjust_lr", "none", "method", "muon_plus"),
                        with(muon, "method", "turbo_muon"),
                        with(muon, "matrix_labels", "matrix")),
                h -> muonReference(h, false),
                List.of(new Invalid(map("momentum", 1.0), "muon: momentum = 1.0 is outside [0, 1)"),
                        new Invalid(map("adjust_lr", "max"),
                                "muon: adjust_lr = max is not one of none, muon, rms_norm, spectral_norm"),
                        new Invalid(map("ns_steps", 0L), "muon: ns_steps = 0 is outside [1, 100]"),
                        new Invalid(map("method", "svdd"), "muon: method = svdd is not one of svd, qdwh, ns5, "
                                + "muon_plus, polar_express, turbo_muon, turbo_muon_ga, root"),
                        new Invalid(map("adam_b1", 1.5), "muon: adam_b1 = 1.5 is outside [0, 1)"),
                        new Invalid(map("matrix_labels", " , "), "muon: matrix_labels = ' , ' names no label"),
                        new Invalid(map("weight_decay", -0.1),
                                "muon: weight_decay = -0.1 is outside [0, ∞)"))));

        Map<String, Object> moon = merge(map("lr", 1e-3, "momentum", 0.95, "nesterov", true, "ns_steps", 5L,
                "weight_decay", 0.1, "method", "ns5", "adjust_lr", "rms_norm", "matrix_labels", "hidden,matrix"),
                adam(1e-3, 0.9, 0.95, 1e-8, 0.1));
        Object fastDecay = new Schedules.Exponential(0.25, 0.98, 1, 0, false, Double.NaN);
        out.add(new Spec("muon_moonlight", moon, merge(map("lr", fastDecay, "weight_decay", 0.0), adamConverge), 600,
                1e-4,
                List.of(with(moon, "lr", 0.02), with(moon, "lr", 0.02, "nesterov", false, "weight_decay", 0.0)),
                h -> muonReference(h, true),
                List.of(new Invalid(map("momentum", -0.1), "muon_moonlight: momentum = -0.1 is outside [0, 1)"))));

        Map<String, Object> normuon = merge(map("lr", 0.02, "momentum", 0.95, "beta2", 0.95, "eps", 1e-10,
                "ns_steps", 5L, "weight_decay", 0.0, "method", "ns5", "adjust_lr", "muon",
                "matrix_labels", "hidden,matrix"), adam(3e-4, 0.9, 0.95, 1e-8, 0.01));
        out.add(new Spec("normuon", normuon, merge(map("lr", decay), adamConverge), 600, 1e-4,
                List.of(normuon, with(normuon, "beta2", 0.5, "weight_decay", 0.05, "adjust_lr", "rms_norm",
                        "eps", 1e-8)),
                SpectralTable::norMuon,
                List.of(new Invalid(map("beta2", 1.0), "normuon: beta2 = 1.0 is outside [0, 1)"),
                        new Invalid(map("eps", 0.0), "normuon: eps = 0.0 is outside (0, ∞)"))));

        Map<String, Object> adamuon = merge(map("lr", 0.02, "momentum", 0.95, "nesterov", true, "ns_steps", 5L,
                "weight_decay", 0.01, "eps", 1e-8, "sign", true, "method", "ns5", "matrix_labels", "hidden,matrix"),
                adam(3e-4, 0.9, 0.95, 1e-8, 0.01));
        out.add(new Spec("adamuon", adamuon, merge(map("lr", fastDecay, "weight_decay", 0.0), adamConverge), 600, 1e-4,
                List.of(adamuon, with(adamuon, "sign", false, "nesterov", false, "momentum", 0.8),
                        with(adamuon, "lr", 0.05, "weight_decay", 0.0)),
                SpectralTable::adaMuon,
                List.of(new Invalid(map("momentum", 1.0), "adamuon: momentum = 1.0 is outside [0, 1)"),
                        new Invalid(map("eps", -1.0), "adamuon: eps = -1.0 is outside (0, ∞)"))));

        Map<String, Object> adago = merge(map("lr", 0.02, "momentum", 0.95, "gamma", 1.0, "eps", 1e-6, "v0", 1e-8,
                "ns_steps", 5L, "method", "ns5", "matrix_labels", "hidden,matrix"), adam(3e-4, 0.9, 0.95, 1e-8, 0.01));
        out.add(new Spec("adago", adago, merge(map("lr", 0.2, "eps", 0.0, "method", "svd"), adamConverge), 600, 1e-4,
                List.of(adago, with(adago, "gamma", 0.5, "momentum", 0.5, "v0", 0.3),
                        with(adago, "eps", 0.05, "method", "svd")),
                SpectralTable::adaGo,
                List.of(new Invalid(map("gamma", 0.0), "adago: gamma = 0.0 is outside (0, ∞)"),
                        new Invalid(map("momentum", 1.5), "adago: momentum = 1.5 is outside [0, 1)"),
                        new Invalid(map("v0", -1.0), "adago: v0 = -1.0 is outside [0, ∞)"))));

        Map<String, Object> dion = merge(map("lr", 0.01, "mu", 0.95, "weight_decay", 0.01, "eps", 1e-8,
                "rank_fraction", 1.0, "power_iters", 1L, "qr_method", "rcqr", "cqr_warmup_steps", 150L,
                "rcqr_oversample", 1.25, "seed", 0L, "matrix_labels", "hidden,matrix"), adam(0.01, 0.9, 0.95, 1e-8, 0.01));
        out.add(new Spec("dion", dion, merge(map("lr", decay, "weight_decay", 0.0), adamConverge), 600, 1e-4,
                List.of(dion, with(dion, "qr_method", "qr", "mu", 0.5),
                        with(dion, "qr_method", "cqr", "cqr_warmup_steps", 1L, "lr", 0.05),
                        with(dion, "rank_fraction", 0.5, "qr_method", "qr", "seed", 7L),
                        with(dion, "rank_fraction", 0.5, "power_iters", 3L, "mu", 0.0)),
                SpectralTable::dion,
                List.of(new Invalid(map("qr_method", "lu"), "dion: qr_method = lu is not one of qr, cqr, rcqr"),
                        new Invalid(map("rank_fraction", 0.0), "dion: rank_fraction = 0.0 is outside (0, 1]"),
                        new Invalid(map("mu", 1.0), "dion: mu = 1.0 is outside [0, 1)"),
                        new Invalid(map("power_iters", 0L), "dion: power_iters = 0 is outside [1, 100]"))));

        Map<String, Object> auon = merge(map("lr", 0.24, "momentum", 0.95, "weight_decay", 0.0, "gamma", 1.5,
                "variant", "code", "matrix_labels", "hidden,matrix"), adam(0.008, 0.8, 0.95, 1e-8, 0.0));
        out.add(new Spec("auon", auon, merge(map("lr", 0.2, "momentum", 0.5), adamConverge), 600, 1e-4,
                List.of(with(auon, "lr", 0.02), with(auon, "lr", 0.05, "variant", "paper", "weight_decay", 0.1),
                        with(auon, "lr", 0.02, "gamma", 3.0)),
                h -> auonReference(h, false),
                List.of(new Invalid(map("variant", "v4"), "auon: variant = v4 is not one of code, paper"),
                        new Invalid(map("gamma", -1.0), "auon: gamma = -1.0 is outside (0, ∞)"))));

        Map<String, Object> hybrid = merge(map("lr", 0.02, "momentum", 0.95, "weight_decay", 0.0, "gamma", 1.5,
                "variant", "code", "ns_steps", 5L, "method", "ns5", "matrix_labels", "hidden,matrix"),
                adam(0.008, 0.8, 0.95, 1e-8, 0.0));
        out.add(new Spec("hybrid_auon", hybrid, merge(map("lr", decay), adamConverge), 600, 1e-4,
                List.of(hybrid, with(hybrid, "variant", "paper", "weight_decay", 0.1, "lr", 0.05)),
                h -> auonReference(h, true),
                List.of(new Invalid(map("ns_steps", 0L), "hybrid_auon: ns_steps = 0 is outside [1, 100]"))));

        Map<String, Object> root = merge(map("lr", 1e-3, "momentum", 0.95, "nesterov", true, "weight_decay", 0.1,
                "root_steps", 5L, "quantile", 0.9, "matrix_labels", "hidden,matrix"), adam(1e-3, 0.9, 0.95, 1e-8, 0.1));
        out.add(new Spec("root", root, merge(map("lr", fastDecay, "weight_decay", 0.0), adamConverge), 600, 1e-4,
                List.of(with(root, "lr", 0.02), with(root, "lr", 0.02, "nesterov", false, "quantile", 0.5,
                        "weight_decay", 0.0)),
                SpectralTable::rootReference,
                List.of(new Invalid(map("quantile", 1.5), "root: quantile = 1.5 is outside [0, 1]"),
                        new Invalid(map("root_steps", 0L), "root: root_steps = 0 is outside [1, 100]"))));
        return out;
    }

    // ------------------------------------------------------------------ references

    /** SpecGD: every block x ← x − η_t·polar(g); a vector is an n×1 column (exactly: g/‖g‖). */
    static Reference specGd(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        String method = text(h, "method");
        Shape sh = h.shape();
        return (t, x, g) -> {
            double eta = lr.applyAsDouble(t);
            double[][] o = polynomialPolar(method, 0, sh.matrix(g));
            double[] w = polynomialPolar(method, 0, new double[][] {Arrays.copyOfRange(g, 0, sh.w0())})[0];
            double[] b = polynomialPolar(method, 0, new double[][] {Arrays.copyOfRange(g, sh.b0(), sh.size())})[0];
            for (int k = 0; k < w.length; k++) {
                x[k] -= eta * w[k];
            }
            for (int k = 0; k < b.length; k++) {
                x[sh.b0() + k] -= eta * b[k];
            }
            for (int i = 0; i < sh.rows(); i++) {
                for (int j = 0; j < sh.cols(); j++) {
                    x[sh.at(i, j)] -= eta * o[i][j];
                }
            }
        };
    }

    /** Muon (EMA, Keller Jordan) or Moonlight (trace) momentum, NS, adjust factor, decoupled decay. */
    static Reference muonReference(Hp h, boolean moonlight) {
        LongToDoubleFunction lr = h.rate("lr");
        double beta = h.num("momentum");
        boolean nesterov = h.flag("nesterov");
        double wd = h.num("weight_decay");
        int steps = (int) h.num("ns_steps");
        String method = text(h, "method");
        Shape sh = h.shape();
        double f = adjust(text(h, "adjust_lr"), sh);
        double[] m = new double[sh.matrixSize()];
        Reference adam = adamw(h);
        boolean matrixRouted = text(h, "matrix_labels").contains("matrix");
        return (t, x, g) -> {
            if (!matrixRouted) {
                adam.step(t, x, g);
                return;
            }
            double[] u = new double[m.length];
            for (int k = 0; k < m.length; k++) {
                double gk = g[sh.w0() + k];
                if (moonlight) {
                    m[k] = beta * m[k] + gk;
                    u[k] = nesterov ? gk + beta * m[k] : m[k];
                } else {
                    m[k] = beta * m[k] + (1 - beta) * gk;
                    u[k] = nesterov ? (1 - beta) * gk + beta * m[k] : m[k];
                }
            }
            double[][] o = polynomialPolar(method, steps, toMatrix(u, sh));
            adamOnVectors(adam, t, x, g, sh);
            applyDecayed(x, o, sh, lr.applyAsDouble(t), wd, f);
        };
    }

    /**
     * NorMuon: O = NS(U); one mean of O² per row (an A-vector for an A×B block, whatever its
     * orientation); V ← β2V + (1−β2)v; O/(√V + ε); keep ‖O‖_F; adjust; decay.
     */
    static Reference norMuon(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double beta = h.num("momentum");
        double beta2 = h.num("beta2");
        double eps = h.num("eps");
        double wd = h.num("weight_decay");
        int steps = (int) h.num("ns_steps");
        Shape sh = h.shape();
        double f = adjust(text(h, "adjust_lr"), sh);
        double[] m = new double[sh.matrixSize()];
        double[] v = new double[sh.rows()];
        Reference adam = adamw(h);
        return (t, x, g) -> {
            double[] u = new double[m.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = beta * m[k] + (1 - beta) * g[sh.w0() + k];
                u[k] = (1 - beta) * g[sh.w0() + k] + beta * m[k];
            }
            double[][] o = polynomialPolar(text(h, "method"), steps, toMatrix(u, sh));
            double n0 = frob(o);
            for (int i = 0; i < sh.rows(); i++) {
                double ss = 0;
                for (int j = 0; j < sh.cols(); j++) {
                    ss += o[i][j] * o[i][j];
                }
                v[i] = beta2 * v[i] + (1 - beta2) * ss / sh.cols();
                for (int j = 0; j < sh.cols(); j++) {
                    o[i][j] /= Math.sqrt(v[i]) + eps;
                }
            }
            double s = n0 / (frob(o) + eps) * f;
            adamOnVectors(adam, t, x, g, sh);
            applyDecayed(x, o, sh, lr.applyAsDouble(t), wd, s);
        };
    }

    /** AdaMuon: O = NS(sign(U)); V ← μV + (1−μ)O²; Ô = O/(√V + ε); u = 0.2·√(AB)/(‖Ô‖ + ε)·Ô. */
    static Reference adaMuon(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double mu = h.num("momentum");
        boolean nesterov = h.flag("nesterov");
        double eps = h.num("eps");
        boolean sign = h.flag("sign");
        double wd = h.num("weight_decay");
        int steps = (int) h.num("ns_steps");
        Shape sh = h.shape();
        double[] m = new double[sh.matrixSize()];
        double[] v = new double[sh.matrixSize()];
        Reference adam = adamw(h);
        return (t, x, g) -> {
            double[] u = new double[m.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = mu * m[k] + (1 - mu) * g[sh.w0() + k];
                double uk = nesterov ? (1 - mu) * g[sh.w0() + k] + mu * m[k] : m[k];
                u[k] = sign ? Math.signum(clear(uk)) : uk;
            }
            double[][] o = polynomialPolar(text(h, "method"), steps, toMatrix(u, sh));
            double ss = 0;
            for (int i = 0; i < sh.rows(); i++) {
                for (int j = 0; j < sh.cols(); j++) {
                    int k = i * sh.cols() + j;
                    v[k] = mu * v[k] + (1 - mu) * o[i][j] * o[i][j];
                    o[i][j] /= Math.sqrt(v[k]) + eps;
                    ss += o[i][j] * o[i][j];
                }
            }
            double scale = 0.2 * Math.sqrt(sh.rows() * sh.cols()) / (Math.sqrt(ss) + eps);
            adamOnVectors(adam, t, x, g, sh);
            applyDecayed(x, o, sh, lr.applyAsDouble(t), wd, scale);
        };
    }

    /** AdaGO: m ← μm + (1−μ)g; v² += min(‖g‖², γ²); α = max(ε, η_t·min(‖g‖, γ)/v); x ← x − α·polar(m). */
    static Reference adaGo(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double mu = h.num("momentum");
        double gamma = h.num("gamma");
        double eps = h.num("eps");
        double[] v2 = {h.num("v0") * h.num("v0")};
        int steps = (int) h.num("ns_steps");
        Shape sh = h.shape();
        double[] m = new double[sh.matrixSize()];
        Reference adam = adamw(h);
        return (t, x, g) -> {
            double gn = 0;
            for (int k = 0; k < m.length; k++) {
                m[k] = mu * m[k] + (1 - mu) * g[sh.w0() + k];
                gn += g[sh.w0() + k] * g[sh.w0() + k];
            }
            gn = Math.sqrt(gn);
            double c = Math.min(gn, gamma);
            v2[0] += c * c;
            double alpha = Math.max(eps, lr.applyAsDouble(t) * c / Math.sqrt(v2[0]));
            double[][] o = polynomialPolar(text(h, "method"), steps, toMatrix(m, sh));
            adamOnVectors(adam, t, x, g, sh);
            for (int i = 0; i < sh.rows(); i++) {
                for (int j = 0; j < sh.cols(); j++) {
                    x[sh.at(i, j)] -= alpha * o[i][j];
                }
            }
        };
    }

    /**
     * Dion on the A×B block oriented as M (m×n, m ≥ n: a wide block transposed, a tall one as it
     * is): M ← M + G; P = M·Q, orthonormalized by Gram–Schmidt (QR, Cholesky QR and the randomized
     * variant give the same P up to column signs, which cancel); R = MᵀP; error feedback
     * M ← M − (1 − μ)PRᵀ; Q ← R column-normalized; x ← x(1 − η_t·λ) − η_t·√(A/B)·P·Qᵀ, P·Qᵀ
     * transposed back for a wide block.
     */
    static Reference dion(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double mu = h.num("mu");
        double wd = h.num("weight_decay");
        double eps = h.num("eps");
        int powerIters = (int) h.num("power_iters");
        Shape sh = h.shape();
        boolean wide = sh.rows() < sh.cols();
        int mm = Math.max(sh.rows(), sh.cols());
        int nn = Math.min(sh.rows(), sh.cols());
        int r = Math.max(1, Math.min(nn, (int) Math.ceil(h.num("rank_fraction") * nn - 1e-9)));
        double[][] mo = new double[mm][nn];
        double[][] q = new double[nn][r];
        RandomStream rng = RandomStream.of((long) h.num("seed")).fork(0);
        for (int i = 0; i < nn; i++) {
            for (int j = 0; j < r; j++) {
                q[i][j] = rng.nextGaussian();
            }
        }
        double scale = Math.sqrt((double) sh.rows() / sh.cols());
        Reference adam = adamw(h);
        return (t, x, g) -> {
            double[][] gm = sh.matrix(g);
            double[][] go = wide ? transpose(gm) : gm;
            for (int i = 0; i < mm; i++) {
                for (int j = 0; j < nn; j++) {
                    mo[i][j] += go[i][j];
                }
            }
            double[][] qq = q;
            double[][] p = null;
            double[][] rr = null;
            for (int it = 0; it < powerIters; it++) {
                p = gramSchmidt(mul(mo, qq));
                rr = mul(transpose(mo), p);
                if (it < powerIters - 1) {
                    qq = normalizeColumns(rr, eps);
                }
            }
            double[][] prt = mul(p, transpose(rr));
            for (int i = 0; i < mm; i++) {
                for (int j = 0; j < nn; j++) {
                    mo[i][j] -= (1 - mu) * prt[i][j];
                }
            }
            double[][] qn = normalizeColumns(rr, eps);
            for (int i = 0; i < nn; i++) {
                q[i] = qn[i];
            }
            double[][] upd = mul(p, transpose(q));
            adamOnVectors(adam, t, x, g, sh);
            applyDecayed(x, wide ? transpose(upd) : upd, sh, lr.applyAsDouble(t), wd, scale);
        };
    }

    /**
     * AuON (code: U/(r + 1e-8), r from γ·U/‖U‖; paper: U/‖U‖/r·√max(1, A/B)), optionally after
     * NS5; r = √(mean of cosh² over the A·B elements).
     */
    static Reference auonReference(Hp h, boolean hybrid) {
        LongToDoubleFunction lr = h.rate("lr");
        double beta = h.num("momentum");
        double wd = h.num("weight_decay");
        double gamma = h.num("gamma");
        boolean code = text(h, "variant").equals("code");
        int steps = hybrid ? (int) h.num("ns_steps") : 0;
        Shape sh = h.shape();
        double[] m = new double[sh.matrixSize()];
        Reference adam = adamw(h);
        return (t, x, g) -> {
            double[] u = new double[m.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = beta * m[k] + (1 - beta) * g[sh.w0() + k];
                u[k] = (1 - beta) * g[sh.w0() + k] + beta * m[k];
            }
            double[][] o = hybrid ? polynomialPolar(text(h, "method"), steps, toMatrix(u, sh)) : toMatrix(u, sh);
            double norm = frob(o);
            double inner = code ? gamma / (norm + 1e-7) : 1.0 / norm;
            double s = 0;
            for (double[] row : o) {
                for (double v : row) {
                    double c = Math.cosh(inner * v);
                    s += c * c;
                }
            }
            double r = Math.sqrt(s / m.length);
            double aspect = Math.sqrt(Math.max(1.0, (double) sh.rows() / sh.cols()));
            double factor = code ? 1.0 / (r + 1e-8) : inner / r * aspect;
            adamOnVectors(adam, t, x, g, sh);
            applyDecayed(x, o, sh, lr.applyAsDouble(t), wd, factor);
        };
    }

    /**
     * ROOT: M ← μM + G, U = G + μM; clip at the q-quantile of |U| (linear interpolation over the
     * A·B sorted values); NS5 with Muon's quintic (ROOT publishes no triple for these shapes);
     * 0.2·√max(A, B).
     */
    static Reference rootReference(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double mu = h.num("momentum");
        boolean nesterov = h.flag("nesterov");
        double wd = h.num("weight_decay");
        double q = h.num("quantile");
        int steps = (int) h.num("root_steps");
        Shape sh = h.shape();
        int n = sh.matrixSize();
        double[] m = new double[n];
        double scale = 0.2 * Math.sqrt(Math.max(sh.rows(), sh.cols()));
        Reference adam = adamw(h);
        return (t, x, g) -> {
            double[] u = new double[n];
            for (int k = 0; k < n; k++) {
                m[k] = mu * m[k] + g[sh.w0() + k];
                u[k] = nesterov ? g[sh.w0() + k] + mu * m[k] : m[k];
            }
            double[] a = new double[n];
            for (int k = 0; k < n; k++) {
                a[k] = Math.abs(u[k]);
            }
            Arrays.sort(a);
            double pos = q * (n - 1);
            int lo = (int) Math.floor(pos);
            double eps = (lo == n - 1 ? a[n - 1] : a[lo] + (pos - lo) * (a[lo + 1] - a[lo])) + 1e-9;
            for (int k = 0; k < n; k++) {
                u[k] = Math.max(-eps, Math.min(eps, u[k]));
            }
            double[][] o = ns(toMatrix(u, sh), new double[][] {PublishedPolynomials.MUON}, steps, 1.0, 1e-7);
            adamOnVectors(adam, t, x, g, sh);
            applyDecayed(x, o, sh, lr.applyAsDouble(t), wd, scale);
        };
    }

    /** W ← W(1 − η·λ) − η·f·O, element by element. */
    private static void applyDecayed(double[] x, double[][] o, Shape sh, double eta, double wd, double f) {
        for (int i = 0; i < sh.rows(); i++) {
            for (int j = 0; j < sh.cols(); j++) {
                int k = sh.at(i, j);
                x[k] = x[k] * (1 - eta * wd) - eta * f * o[i][j];
            }
        }
    }

    // ------------------------------------------------------------------ numerics of the references

    /** The polynomial engines by name, reimplemented: coefficients, normalisation, steps. */
    static double[][] polynomialPolar(String method, int requested, double[][] gm) {
        int steps = requested > 0 ? requested : method.startsWith("turbo") ? 4 : 5;
        double[][] muonPlus = PublishedPolynomials.MUON_PLUS;
        return switch (method) {
            case "ns5" -> ns(gm, new double[][] {PublishedPolynomials.MUON}, steps, 1.0, 1e-7);
            case "muon_plus" -> ns(gm, muonPlus, steps, 1.0, 1e-7);
            case "polar_express" -> ns(gm, PublishedPolynomials.POLAR_EXPRESS, steps, 1.02, 1e-6);
            case "turbo_muon" -> aol(gm, Arrays.copyOfRange(muonPlus, 1, 5), steps);
            case "svd", "qdwh" -> exactPolar(gm);
            default -> throw new IllegalArgumentException("reference has no method " + method);
        };
    }

    /**
     * Muon's code: X = G, transposed when tall (A &gt; B) so that X is wide; X ← X/(s‖X‖_F + ε);
     * X ← aX + b(XXᵀ)X + c(XXᵀ)²X per step; transposed back.
     */
    static double[][] ns(double[][] gm, double[][] coeffs, int steps, double s, double eps) {
        boolean tall = gm.length > gm[0].length;
        double[][] x = scale(tall ? transpose(gm) : gm, 1.0 / (s * frob(gm) + eps));
        for (int t = 0; t < steps; t++) {
            double[] abc = coeffs[Math.min(t, coeffs.length - 1)];
            x = quinticStep(x, mul(x, transpose(x)), abc);
        }
        return tall ? transpose(x) : x;
    }

    /**
     * Turbo-Muon on the wide orientation (a tall G transposed, as in {@link #ns}, so that AOL
     * scales the rows of the wide X, the columns of the tall one): X = G/‖G‖; A = XXᵀ;
     * s_i = 1/√max(Σ|A_ij|, 1e-7); X ← diag(s)X, A ← sAs; 4 steps, the first with that A.
     */
    static double[][] aol(double[][] gm, double[][] coeffs, int steps) {
        boolean tall = gm.length > gm[0].length;
        double[][] x = scale(tall ? transpose(gm) : gm, 1.0 / frob(gm));
        double[][] a = mul(x, transpose(x));
        int r = x.length;
        double[] s = new double[r];
        for (int i = 0; i < r; i++) {
            double sum = 0;
            for (int j = 0; j < r; j++) {
                sum += Math.abs(a[i][j]);
            }
            s[i] = 1 / Math.sqrt(Math.max(sum, 1e-7));
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < x[0].length; j++) {
                x[i][j] *= s[i];
            }
            for (int j = 0; j < r; j++) {
                a[i][j] *= s[i] * s[j];
            }
        }
        x = quinticStep(x, a, coeffs[0]);
        for (int t = 1; t < steps; t++) {
            x = quinticStep(x, mul(x, transpose(x)), coeffs[Math.min(t, coeffs.length - 1)]);
        }
        return tall ? transpose(x) : x;
    }

    private static double[][] quinticStep(double[][] x, double[][] a, double[] abc) {
        double[][] a2 = mul(a, a);
        int r = a.length;
        double[][] b = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                b[i][j] = abc[1] * a[i][j] + abc[2] * a2[i][j];
            }
        }
        double[][] bx = mul(b, x);
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                out[i][j] = abc[0] * x[i][j] + bx[i][j];
            }
        }
        return out;
    }

    /** The exact polar factor of a full-rank matrix: the cubic iteration X ← 1.5X − 0.5XXᵀX to convergence. */
    static double[][] exactPolar(double[][] gm) {
        double[][] x = scale(gm, 1.0 / frob(gm));
        for (int it = 0; it < 200; it++) {
            double[][] xxt = mul(x, transpose(x));
            double[][] y = mul(xxt, x);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[0].length; j++) {
                    x[i][j] = 1.5 * x[i][j] - 0.5 * y[i][j];
                }
            }
        }
        return x;
    }

    private static double[][] gramSchmidt(double[][] p) {
        int m = p.length;
        int r = p[0].length;
        double[][] q = new double[m][r];
        for (int j = 0; j < r; j++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = p[i][j];
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double d = 0;
                    for (int i = 0; i < m; i++) {
                        d += q[i][k] * v[i];
                    }
                    for (int i = 0; i < m; i++) {
                        v[i] -= d * q[i][k];
                    }
                }
            }
            double n = 0;
            for (double vi : v) {
                n += vi * vi;
            }
            n = Math.sqrt(n);
            for (int i = 0; i < m; i++) {
                q[i][j] = v[i] / n;
            }
        }
        return q;
    }

    private static double[][] normalizeColumns(double[][] a, double eps) {
        double[][] out = new double[a.length][a[0].length];
        for (int j = 0; j < a[0].length; j++) {
            double n = 0;
            for (double[] row : a) {
                n += row[j] * row[j];
            }
            n = Math.sqrt(n) + eps;
            for (int i = 0; i < a.length; i++) {
                out[i][j] = a[i][j] / n;
            }
        }
        return out;
    }

    /** torch AdamW on the vector and bias elements, with the adam_* hyperparameters (adam_lr may be scheduled). */
    static Reference adamw(Hp h) {
        LongToDoubleFunction lr = h.rate("adam_lr");
        double b1 = h.num("adam_b1");
        double b2 = h.num("adam_b2");
        double eps = h.num("adam_eps");
        double wd = h.num("adam_wd");
        int n = h.shape().size();
        double[] m = new double[n];
        double[] v = new double[n];
        return (t, x, g) -> {
            double eta = lr.applyAsDouble(t);
            double bc1 = 1 - Math.pow(b1, t + 1);
            double bc2 = 1 - Math.pow(b2, t + 1);
            for (int i = 0; i < n; i++) {
                x[i] *= 1 - eta * wd;
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                x[i] -= eta / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
            }
        };
    }

    /** Applies the AdamW reference to the non-matrix elements only (the matrix elements are restored). */
    private static void adamOnVectors(Reference adam, long t, double[] x, double[] g, Shape sh) {
        double[] keep = Arrays.copyOfRange(x, sh.w0(), sh.b0());
        adam.step(t, x, g);
        System.arraycopy(keep, 0, x, sh.w0(), keep.length);
    }

    /** The shape factor f(A, B) of each adjust_lr mode, from the papers' formulas. */
    private static double adjust(String mode, Shape sh) {
        double a = sh.rows();
        double b = sh.cols();
        return switch (mode) {
            case "none" -> 1.0;
            case "muon" -> Math.sqrt(Math.max(1, a / b));
            case "rms_norm" -> 0.2 * Math.sqrt(Math.max(a, b));
            case "spectral_norm" -> Math.sqrt(a / b);
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private static double clear(double v) {
        if (Math.abs(v) < 1e-6) {
            throw new IllegalStateException("sign argument " + v + " too close to 0 for a float32 comparison");
        }
        return v;
    }

    private static String text(Hp h, String key) {
        return (String) h.values().get(key);
    }

    /** A flat row-major A·B vector as the A×B matrix of {@code sh}. */
    private static double[][] toMatrix(double[] v, Shape sh) {
        double[][] a = new double[sh.rows()][sh.cols()];
        for (int i = 0; i < sh.rows(); i++) {
            System.arraycopy(v, i * sh.cols(), a[i], 0, sh.cols());
        }
        return a;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] scale(double[][] a, double s) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = s * a[i][j];
            }
        }
        return out;
    }

    static double frob(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static Map<String, Object> adam(double lr, double b1, double b2, double eps, double wd) {
        return map("adam_lr", lr, "adam_b1", b1, "adam_b2", b2, "adam_eps", eps, "adam_wd", wd);
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.putAll(map(kv));
        return m;
    }
}
