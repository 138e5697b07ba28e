package dev.curvature.lab.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered analyses by name. The built-in reproductions register theirs in the static
 * block below (one line each, grouped by area).
 */
public final class Analyses {
    private static final Map<String, Analysis> ENTRIES = new LinkedHashMap<>();

    static {
        // Built-in analyses: register(NAME, new SomeAnalysis());
        // Saddle escape and nonlinear preconditioning.
        register("bodard-fig2", new dev.curvature.lab.experiments.saddle.BodardFig2Analysis());
        register("bodard-fig3-octopus", new dev.curvature.lab.experiments.saddle.OctopusAnalysis());
        register("jin-escape", new dev.curvature.lab.experiments.saddle.JinEscapeAnalysis());
        register("bodard-smoothness", new dev.curvature.lab.experiments.saddle.BodardSmoothnessAnalysis());
        register("bodard-kernels", new dev.curvature.lab.experiments.saddle.BodardKernelsAnalysis());
        register("bodard-algorithm1-theory", new dev.curvature.lab.experiments.saddle.Algorithm1TheoryAnalysis());
        register("jin-matrix-factorization", new dev.curvature.lab.experiments.saddle.JinMatrixFactorizationAnalysis());
        // Warm-up and generalized smoothness (Alimisis, Islamov & Lucchi, arXiv 2510.03164); Muon hybrid.
        register("warmup-extremal", new dev.curvature.lab.experiments.warmup.ExtremalAnalysis());
        register("warmup-smoothness", new dev.curvature.lab.experiments.warmup.SmoothnessAnalysis());
        register("warmup-schedules", new dev.curvature.lab.experiments.warmup.SchedulesAnalysis());
        register("muon-hybrid", new dev.curvature.lab.experiments.warmup.MuonHybridAnalysis());
        // Spectral gradient descent and polar-factor numerics.
        register("braun-spiked-phase-retrieval", new dev.curvature.lab.experiments.spectral.BraunSpikedAnalysis());
        register("braun-anisotropy", new dev.curvature.lab.experiments.spectral.BraunAnisotropyAnalysis());
        register("polar-numerics", new dev.curvature.lab.experiments.spectral.PolarNumericsAnalysis());
    }

    private Analyses() {}

    /** Registers an analysis under a new name. */
    public static synchronized void register(String name, Analysis a) {
        if (ENTRIES.putIfAbsent(name, a) != null) {
            throw new IllegalArgumentException("analysis '" + name + "' is already registered");
        }
    }

    /** True when the name is registered. */
    public static synchronized boolean contains(String name) {
        return ENTRIES.containsKey(name);
    }

    /** The registered names, in registration order. */
    public static synchronized List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The analysis named {@code name}. */
    public static synchronized Analysis get(String name) {
        Analysis a = ENTRIES.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown analysis '" + name + "' (known: "
                    + String.join(", ", ENTRIES.keySet()) + ")");
        }
        return a;
    }
}
