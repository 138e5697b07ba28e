package dev.curvature.optim.spectral;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Polar-factor engines by name, for optimizers ({@code method} hyperparameters), monitors and the
 * {@code curvature polar} command. Each engine is declared once, in {@link #METHODS}: its name, a
 * line describing it and how to build it; every list of engine names (validation messages, the
 * command's help) is read from there. Each call returns a new engine with its own buffers.
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

    /**
     * One engine: its name, a line describing it, whether it is exact (and so ignores a number of
     * steps), and its factory, which receives the requested number of steps (0: the default).
     */
    public record Method(String name, String description, boolean exact, IntFunction<PolarEngine> factory) {}

    private static final List<Method> METHODS = List.of(
            new Method("svd", "exact polar factor U·Vᵀ from the SVD (one-sided Jacobi up to 32 rows, else LAPACK gesdd)",
                    true, steps -> new ExactPolar()),
            new Method("qdwh", "QDWH (Nakatsukasa, Bai & Gygi 2010): exact to working precision in at most 6 steps",
                    true, steps -> new Qdwh()),
            new Method("ns5", "Muon's Newton–Schulz quintic (3.4445, −4.7750, 2.0315), 5 steps, X/(‖X‖_F + 1e-7)",
                    false, steps -> NewtonSchulz.muon(steps == 0 ? 5 : steps)),
            new Method("muon_plus", "the Muon+/Dion per-step schedule, 5 steps, X/(‖X‖_F + 1e-7)",
                    false, steps -> steps == 0 ? NewtonSchulz.muonPlus()
                            : new NewtonSchulz("muon_plus", Coefficients.MUON_PLUS, steps,
                                    NewtonSchulz.Normalization.FROBENIUS, 1.0, 1e-7)),
            new Method("polar_express", "Polar Express: generated optimal_composition(1e-3, 5, 0.02, 0.02), "
                    + "X/(1.02·‖X‖_F + 1e-6)",
                    false, steps -> steps == 0 ? NewtonSchulz.polarExpress()
                            : new NewtonSchulz("polar_express", PolarExpress.defaultCoefficients(), steps,
                                    NewtonSchulz.Normalization.FROBENIUS, 1 + PolarExpress.SAFETY, 1e-6)),
            new Method("turbo_muon", "Turbo-Muon: AOL preconditioning fused with the first of the last 4 Muon+ steps",
                    false, steps -> steps == 0 ? NewtonSchulz.turboMuon()
                            : new NewtonSchulz("turbo_muon", Coefficients.TURBO_MUON, steps,
                                    NewtonSchulz.Normalization.AOL, 1.0, 1e-7)),
            new Method("turbo_muon_ga", "Turbo-Muon with the earlier genetic-search coefficients, 4 steps",
                    false, steps -> steps == 0 ? NewtonSchulz.turboMuonGa()
                            : new NewtonSchulz("turbo_muon_ga", Coefficients.TURBO_MUON_GA, steps,
                                    NewtonSchulz.Normalization.AOL, 1.0, 1e-7)),
            new Method("root", "ROOT's shape-specific quintic (Muon's quintic for unpublished shapes), 5 steps",
                    false, steps -> NewtonSchulz.root(steps == 0 ? 5 : steps)));

    private static final Map<String, Method> BY_NAME = byName(METHODS);

    private static Map<String, Method> byName(List<Method> methods) {
        Map<String, Method> m = new LinkedHashMap<>();
        for (Method method : methods) {
            if (m.putIfAbsent(method.name(), method) != null) {
                throw new IllegalStateException("polar: engine '" + method.name() + "' is declared twice");
            }
        }
        return m;
    }

    /** Every engine, in the order of the table above. */
    public static List<Method> methods() {
        return METHODS;
    }

    /** The engine names. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** One line describing an engine. */
    public static String describe(String name) {
        return method(name).description();
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
        return method(name).factory().apply(steps);
    }

    /** True when {@code name} is an engine. */
    public static boolean contains(String name) {
        return BY_NAME.containsKey(name);
    }

    private static Method method(String name) {
        Method m = name == null ? null : BY_NAME.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown polar method '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return m;
    }
}
