package dev.curvature.optim.spectral;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polar-factor engines by name, for optimizers ({@code method} hyperparameters), monitors and the
 * {@code curvature polar} command. Each call returns a new engine with its own buffers.
 *
 * <table>
 *   <caption>engines</caption>
 *   <tr><th>name</th><th>algorithm</th><th>steps</th></tr>
 *   <tr><td>svd</td><td>exact U·Vᵀ (Jacobi up to 32 rows, else LAPACK gesdd)</td><td>—</td></tr>
 *   <tr><td>qdwh</td><td>QDWH, exact to working precision in ≤ 6 steps</td><td>—</td></tr>
 *   <tr><td>ns5</td><td>Muon's quintic (3.4445, −4.7750, 2.0315), Frobenius</td><td>5</td></tr>
 *   <tr><td>muon_plus</td><td>the Muon+/Dion 5-step schedule</td><td>5</td></tr>
 *   <tr><td>polar_express</td><td>generated optimal schedule, X/(1.02‖X‖_F + 1e-6)</td><td>5</td></tr>
 *   <tr><td>turbo_muon</td><td>AOL preconditioning + last 4 Muon+ steps</td><td>4</td></tr>
 *   <tr><td>turbo_muon_ga</td><td>AOL + the genetic-search coefficients</td><td>4</td></tr>
 *   <tr><td>root</td><td>ROOT's shape-specific quintic (Muon's for other shapes)</td><td>5</td></tr>
 * </table>
 */
public final class Polar {
    private Polar() {}

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("svd", "exact polar factor U·Vᵀ from the SVD (one-sided Jacobi up to 32 rows, else LAPACK gesdd)");
        DESCRIPTIONS.put("qdwh", "QDWH (Nakatsukasa, Bai & Gygi 2010): exact to working precision in at most 6 steps");
        DESCRIPTIONS.put("ns5", "Muon's Newton–Schulz quintic (3.4445, −4.7750, 2.0315), 5 steps, X/(‖X‖_F + 1e-7)");
        DESCRIPTIONS.put("muon_plus", "the Muon+/Dion per-step schedule, 5 steps, X/(‖X‖_F + 1e-7)");
        DESCRIPTIONS.put("polar_express", "Polar Express: generated optimal_composition(1e-3, 5, 0.02, 0.02), "
                + "X/(1.02·‖X‖_F + 1e-6)");
        DESCRIPTIONS.put("turbo_muon", "Turbo-Muon: AOL preconditioning fused with the first of the last 4 Muon+ steps");
        DESCRIPTIONS.put("turbo_muon_ga", "Turbo-Muon with the earlier genetic-search coefficients, 4 steps");
        DESCRIPTIONS.put("root", "ROOT's shape-specific quintic (Muon's quintic for unpublished shapes), 5 steps");
    }

    /** The engine names. */
    public static List<String> names() {
        return List.copyOf(DESCRIPTIONS.keySet());
    }

    /** One line describing an engine. */
    public static String describe(String name) {
        String d = DESCRIPTIONS.get(name);
        if (d == null) {
            throw unknown(name);
        }
        return d;
    }

    /** The named engine with its default number of steps. */
    public static PolarEngine engine(String name) {
        return engine(name, 0);
    }

    /**
     * The named engine; {@code steps} &gt; 0 overrides the number of polynomial steps (a schedule
     * shorter than that repeats its last triple, as Polar Express's reference code does), 0 keeps the
     * default; exact engines ignore it.
     */
    public static PolarEngine engine(String name, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("polar: steps = " + steps + " is outside [0, ∞)");
        }
        return switch (name == null ? "" : name) {
            case "svd" -> new ExactPolar();
            case "qdwh" -> new Qdwh();
            case "ns5" -> NewtonSchulz.muon(steps == 0 ? 5 : steps);
            case "muon_plus" -> steps == 0 ? NewtonSchulz.muonPlus()
                    : new NewtonSchulz("muon_plus", Coefficients.MUON_PLUS, steps,
                            NewtonSchulz.Normalization.FROBENIUS, 1.0, 1e-7);
            case "polar_express" -> steps == 0 ? NewtonSchulz.polarExpress()
                    : new NewtonSchulz("polar_express", PolarExpress.defaultCoefficients(), steps,
                            NewtonSchulz.Normalization.FROBENIUS, 1 + PolarExpress.SAFETY, 1e-6);
            case "turbo_muon" -> steps == 0 ? NewtonSchulz.turboMuon()
                    : new NewtonSchulz("turbo_muon", Coefficients.TURBO_MUON, steps,
                            NewtonSchulz.Normalization.AOL, 1.0, 1e-7);
            case "turbo_muon_ga" -> steps == 0 ? NewtonSchulz.turboMuonGa()
                    : new NewtonSchulz("turbo_muon_ga", Coefficients.TURBO_MUON_GA, steps,
                            NewtonSchulz.Normalization.AOL, 1.0, 1e-7);
            case "root" -> NewtonSchulz.root(steps == 0 ? 5 : steps);
            default -> throw unknown(name);
        };
    }

    /** True when {@code name} is an engine. */
    public static boolean contains(String name) {
        return DESCRIPTIONS.containsKey(name);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown polar method '" + name + "' (known: "
                + String.join(", ", DESCRIPTIONS.keySet()) + ")");
    }
}
