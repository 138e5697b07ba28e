package dev.curvature.optim.contract;

import static dev.curvature.optim.contract.OptimizerTable.map;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.contract.OptimizerTable.Hp;
import dev.curvature.optim.contract.OptimizerTable.Invalid;
import dev.curvature.optim.contract.OptimizerTable.Reference;
import dev.curvature.optim.contract.OptimizerTable.Spec;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.PublishedPolynomials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract rows of the spectral optimizers. The references are written from the published
 * update rules in plain double loops over {@code TestQuadratic}'s flattened layout: the vector w
 * (elements 0–4), the 3×4 matrix W (5–16, row-major) and the bias b (17–19). The Muon-family
 * presets send W (label {@code matrix}) to their rule and w, b to AdamW; SpecGD orthogonalizes
 * every block (a vector as an n×1 matrix: g/‖g‖). Polar factors of the reference are computed by
 * the cubic Newton–Schulz iteration run to convergence, and the quintic iterations by dense
 * 3×3 and 3×4 products, independently of the library.
 */
final class SpectralTable {
    private SpectralTable() {}

    static final int W0 = 5;
    static final int ROWS = 3;
    static final int COLS = 4;

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
                        with(muon, "matrix_labels", "hidden")),
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

    /** SpecGD: every block x ← x − η·polar(g); a vector is an n×1 column (exactly: g/‖g‖). */
    static Reference specGd(Hp h) {
        double lr = h.num("lr");
        String method = text(h, "method");
        return (x, g) -> {
            double[][] o = polynomialPolar(method, 0, matrix(g));
            double[][] w = polynomialPolar(method, 0, new double[][] {Arrays.copyOfRange(g, 0, 5)});
            double[][] b = polynomialPolar(method, 0, new double[][] {Arrays.copyOfRange(g, 17, 20)});
            for (int k = 0; k < 5; k++) {
                x[k] -= lr * w[0][k];
            }
            for (int k = 0; k < 3; k++) {
                x[17 + k] -= lr * b[0][k];
            }
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    x[W0 + i * COLS + j] -= lr * o[i][j];
                }
            }
        };
    }

    /** Muon (EMA, Keller Jordan) or Moonlight (trace) momentum, NS, adjust factor, decoupled decay. */
    static Reference muonReference(Hp h, boolean moonlight) {
        double lr = h.num("lr");
        double beta = h.num("momentum");
        boolean nesterov = h.flag("nesterov");
        double wd = h.num("weight_decay");
        int steps = (int) h.num("ns_steps");
        String method = text(h, "method");
        double f = adjust(text(h, "adjust_lr"));
        double[] m = new double[12];
        Reference adam = adamw(h);
        boolean matrixRouted = text(h, "matrix_labels").contains("matrix");
        return (x, g) -> {
            if (!matrixRouted) {
                adam.step(x, g);
                return;
            }
            double[] u = new double[12];
            for (int k = 0; k < 12; k++) {
                double gk = g[W0 + k];
                if (moonlight) {
                    m[k] = beta * m[k] + gk;
                    u[k] = nesterov ? gk + beta * m[k] : m[k];
                } else {
                    m[k] = beta * m[k] + (1 - beta) * gk;
                    u[k] = nesterov ? (1 - beta) * gk + beta * m[k] : m[k];
                }
            }
            double[][] o = polynomialPolar(method, steps, toMatrix(u));
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = W0 + i * COLS + j;
                    x[k] = x[k] * (1 - lr * wd) - lr * f * o[i][j];
                }
            }
        };
    }

    /** NorMuon: O = NS(U); row means of O²; V ← β2V + (1−β2)v; O/(√V + ε); keep ‖O‖_F; adjust; decay. */
    static Reference norMuon(Hp h) {
        double lr = h.num("lr");
        double beta = h.num("momentum");
        double beta2 = h.num("beta2");
        double eps = h.num("eps");
        double wd = h.num("weight_decay");
        int steps = (int) h.num("ns_steps");
        double f = adjust(text(h, "adjust_lr"));
        double[] m = new double[12];
        double[] v = new double[ROWS];
        Reference adam = adamw(h);
        return (x, g) -> {
            double[] u = new double[12];
            for (int k = 0; k < 12; k++) {
                m[k] = beta * m[k] + (1 - beta) * g[W0 + k];
                u[k] = (1 - beta) * g[W0 + k] + beta * m[k];
            }
            double[][] o = polynomialPolar(text(h, "method"), steps, toMatrix(u));
            double n0 = frob(o);
            for (int i = 0; i < ROWS; i++) {
                double ss = 0;
                for (int j = 0; j < COLS; j++) {
                    ss += o[i][j] * o[i][j];
                }
                v[i] = beta2 * v[i] + (1 - beta2) * ss / COLS;
                for (int j = 0; j < COLS; j++) {
                    o[i][j] /= Math.sqrt(v[i]) + eps;
                }
            }
            double s = n0 / (frob(o) + eps) * f;
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = W0 + i * COLS + j;
                    x[k] = x[k] * (1 - lr * wd) - lr * s * o[i][j];
                }
            }
        };
    }

    /** AdaMuon: O = NS(sign(U)); V ← μV + (1−μ)O²; Ô = O/(√V + ε); u = 0.2·√(AB)/(‖Ô‖ + ε)·Ô. */
    static Reference adaMuon(Hp h) {
        double lr = h.num("lr");
        double mu = h.num("momentum");
        boolean nesterov = h.flag("nesterov");
        double eps = h.num("eps");
        boolean sign = h.flag("sign");
        double wd = h.num("weight_decay");
        int steps = (int) h.num("ns_steps");
        double[] m = new double[12];
        double[] v = new double[12];
        Reference adam = adamw(h);
        return (x, g) -> {
            double[] u = new double[12];
            for (int k = 0; k < 12; k++) {
                m[k] = mu * m[k] + (1 - mu) * g[W0 + k];
                double uk = nesterov ? (1 - mu) * g[W0 + k] + mu * m[k] : m[k];
                u[k] = sign ? Math.signum(clear(uk)) : uk;
            }
            double[][] o = polynomialPolar(text(h, "method"), steps, toMatrix(u));
            double ss = 0;
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = i * COLS + j;
                    v[k] = mu * v[k] + (1 - mu) * o[i][j] * o[i][j];
                    o[i][j] /= Math.sqrt(v[k]) + eps;
                    ss += o[i][j] * o[i][j];
                }
            }
            double scale = 0.2 * Math.sqrt(ROWS * COLS) / (Math.sqrt(ss) + eps);
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = W0 + i * COLS + j;
                    x[k] = x[k] * (1 - lr * wd) - lr * scale * o[i][j];
                }
            }
        };
    }

    /** AdaGO: m ← μm + (1−μ)g; v² += min(‖g‖², γ²); α = max(ε, η·min(‖g‖, γ)/v); x ← x − α·polar(m). */
    static Reference adaGo(Hp h) {
        double lr = h.num("lr");
        double mu = h.num("momentum");
        double gamma = h.num("gamma");
        double eps = h.num("eps");
        double[] v2 = {h.num("v0") * h.num("v0")};
        int steps = (int) h.num("ns_steps");
        double[] m = new double[12];
        Reference adam = adamw(h);
        return (x, g) -> {
            double gn = 0;
            for (int k = 0; k < 12; k++) {
                m[k] = mu * m[k] + (1 - mu) * g[W0 + k];
                gn += g[W0 + k] * g[W0 + k];
            }
            gn = Math.sqrt(gn);
            double c = Math.min(gn, gamma);
            v2[0] += c * c;
            double alpha = Math.max(eps, lr * c / Math.sqrt(v2[0]));
            double[][] o = polynomialPolar(text(h, "method"), steps, toMatrix(m));
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    x[W0 + i * COLS + j] -= alpha * o[i][j];
                }
            }
        };
    }

    /**
     * Dion on the 3×4 block, transposed to 4×3 (m ≥ n): M ← M + G; P = M·Q, orthonormalized by
     * Gram–Schmidt (QR, Cholesky QR and the randomized variant give the same P up to column signs,
     * which cancel); R = MᵀP; error feedback M ← M − (1 − μ)PRᵀ; Q ← R column-normalized;
     * x ← x(1 − η·λ) − η·√(3/4)·(P·Qᵀ)ᵀ.
     */
    static Reference dion(Hp h) {
        double lr = h.num("lr");
        double mu = h.num("mu");
        double wd = h.num("weight_decay");
        double eps = h.num("eps");
        int powerIters = (int) h.num("power_iters");
        int r = Math.max(1, Math.min(3, (int) Math.ceil(h.num("rank_fraction") * 3 - 1e-9)));
        double[][] mt = new double[4][3];
        double[][] q = new double[3][r];
        RandomStream rng = RandomStream.of((long) h.num("seed")).fork(0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < r; j++) {
                q[i][j] = rng.nextGaussian();
            }
        }
        Reference adam = adamw(h);
        return (x, g) -> {
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    mt[j][i] += g[W0 + i * COLS + j];
                }
            }
            double[][] qq = q;
            double[][] p = null;
            double[][] rr = null;
            for (int it = 0; it < powerIters; it++) {
                p = gramSchmidt(mul(mt, qq));
                rr = mul(transpose(mt), p);
                if (it < powerIters - 1) {
                    qq = normalizeColumns(rr, eps);
                }
            }
            double[][] prt = mul(p, transpose(rr));
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    mt[i][j] -= (1 - mu) * prt[i][j];
                }
            }
            double[][] qn = normalizeColumns(rr, eps);
            for (int i = 0; i < 3; i++) {
                q[i] = qn[i];
            }
            double[][] upd = mul(p, transpose(q));
            double scale = Math.sqrt(3.0 / 4.0);
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = W0 + i * COLS + j;
                    x[k] = x[k] * (1 - lr * wd) - lr * scale * upd[j][i];
                }
            }
        };
    }

    /** AuON (code: U/(r + 1e-8), r from γ·U/‖U‖; paper: U/‖U‖/r·√max(1, A/B)), optionally after NS5. */
    static Reference auonReference(Hp h, boolean hybrid) {
        double lr = h.num("lr");
        double beta = h.num("momentum");
        double wd = h.num("weight_decay");
        double gamma = h.num("gamma");
        boolean code = text(h, "variant").equals("code");
        int steps = hybrid ? (int) h.num("ns_steps") : 0;
        double[] m = new double[12];
        Reference adam = adamw(h);
        return (x, g) -> {
            double[] u = new double[12];
            for (int k = 0; k < 12; k++) {
                m[k] = beta * m[k] + (1 - beta) * g[W0 + k];
                u[k] = (1 - beta) * g[W0 + k] + beta * m[k];
            }
            double[][] o = hybrid ? polynomialPolar(text(h, "method"), steps, toMatrix(u)) : toMatrix(u);
            double norm = frob(o);
            double inner = code ? gamma / (norm + 1e-7) : 1.0 / norm;
            double s = 0;
            for (double[] row : o) {
                for (double v : row) {
                    double c = Math.cosh(inner * v);
                    s += c * c;
                }
            }
            double r = Math.sqrt(s / 12);
            double factor = code ? 1.0 / (r + 1e-8) : inner / r;
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = W0 + i * COLS + j;
                    x[k] = x[k] * (1 - lr * wd) - lr * factor * o[i][j];
                }
            }
        };
    }

    /** ROOT: M ← μM + G, U = G + μM; clip at the q-quantile of |U|; NS5 (Muon's quintic for 3×4); 0.2·√4. */
    static Reference rootReference(Hp h) {
        double lr = h.num("lr");
        double mu = h.num("momentum");
        boolean nesterov = h.flag("nesterov");
        double wd = h.num("weight_decay");
        double q = h.num("quantile");
        int steps = (int) h.num("root_steps");
        double[] m = new double[12];
        Reference adam = adamw(h);
        return (x, g) -> {
            double[] u = new double[12];
            for (int k = 0; k < 12; k++) {
                m[k] = mu * m[k] + g[W0 + k];
                u[k] = nesterov ? g[W0 + k] + mu * m[k] : m[k];
            }
            double[] a = new double[12];
            for (int k = 0; k < 12; k++) {
                a[k] = Math.abs(u[k]);
            }
            Arrays.sort(a);
            double pos = q * 11;
            int lo = (int) Math.floor(pos);
            double eps = (lo == 11 ? a[11] : a[lo] + (pos - lo) * (a[lo + 1] - a[lo])) + 1e-9;
            for (int k = 0; k < 12; k++) {
                u[k] = Math.max(-eps, Math.min(eps, u[k]));
            }
            double[][] o = ns(toMatrix(u), new double[][] {PublishedPolynomials.MUON}, steps, 1.0, 1e-7);
            adamOnVectors(adam, x, g);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int k = W0 + i * COLS + j;
                    x[k] = x[k] * (1 - lr * wd) - lr * 0.4 * o[i][j];
                }
            }
        };
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

    /** X = G/(s‖G‖_F + ε) (wide), then X ← aX + b(XXᵀ)X + c(XXᵀ)²X per step. */
    static double[][] ns(double[][] gm, double[][] coeffs, int steps, double s, double eps) {
        double[][] x = scale(gm, 1.0 / (s * frob(gm) + eps));
        for (int t = 0; t < steps; t++) {
            double[] abc = coeffs[Math.min(t, coeffs.length - 1)];
            x = quinticStep(x, mul(x, transpose(x)), abc);
        }
        return x;
    }

    /** Turbo-Muon: A = XXᵀ; s_i = 1/√max(Σ|A_ij|, 1e-7); X ← diag(s)X, A ← sAs; 4 steps, the first with that A. */
    static double[][] aol(double[][] gm, double[][] coeffs, int steps) {
        double[][] x = scale(gm, 1.0 / frob(gm));
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
        return x;
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

    /** torch AdamW on the vector and bias elements (0–4 and 17–19), with the adam_* hyperparameters. */
    static Reference adamw(Hp h) {
        double lr = h.num("adam_lr");
        double b1 = h.num("adam_b1");
        double b2 = h.num("adam_b2");
        double eps = h.num("adam_eps");
        double wd = h.num("adam_wd");
        return new Reference() {
            final double[] m = new double[20];
            final double[] v = new double[20];
            int t;

            @Override
            public void step(double[] x, double[] g) {
                t++;
                double bc1 = 1 - Math.pow(b1, t);
                double bc2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < 20; i++) {
                    x[i] *= 1 - lr * wd;
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    x[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
                }
            }
        };
    }

    /** Applies the AdamW reference to the non-matrix elements only (the matrix elements are restored). */
    private static void adamOnVectors(Reference adam, double[] x, double[] g) {
        double[] keep = Arrays.copyOfRange(x, W0, W0 + 12);
        adam.step(x, g);
        System.arraycopy(keep, 0, x, W0, 12);
    }

    private static double adjust(String mode) {
        return switch (mode) {
            case "none", "muon" -> 1.0;
            case "rms_norm" -> 0.2 * Math.sqrt(4);
            case "spectral_norm" -> Math.sqrt(3.0 / 4.0);
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

    private static double[][] matrix(double[] g) {
        return toMatrix(Arrays.copyOfRange(g, W0, W0 + 12));
    }

    private static double[][] toMatrix(double[] v) {
        double[][] a = new double[ROWS][COLS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                a[i][j] = v[i * COLS + j];
            }
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
