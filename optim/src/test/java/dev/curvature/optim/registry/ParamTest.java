package dev.curvature.optim.registry;

import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Check;
import dev.curvature.optim.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The declarations of hyperparameters: values are checked against their kind and range when the
 * component's parameters are built, the typed accessors read them as declared, every error names
 * the owner and the parameter, and the standard registries are filled once by the contributions.
 */
class ParamTest {

    private static Component<String> probe() {
        return new Component<>("probe", "-", "-",
                List.of(integer("count", 3L).atLeast(1), number("rate", 0.5).unit(),
                        Param.schedule("lr", 0.1).nonNegative(), Param.choice("shape", "a", "a", "b"),
                        Param.numberOrAuto("t").atLeast(1)),
                h -> h.integer("count") + " " + h.number("rate") + " " + h.schedule("lr").value(0, null) + " "
                        + h.text("shape") + " " + h.numberOrAuto("t"));
    }

    @Test
    void anIntegerGivenAsAWholeDoubleIsThatIntegerAndAFractionIsRejected() {
        assertEquals("5 0.5 0.1 a NaN", probe().create(Map.of("count", 5.0)));
        HyperparameterException e = assertThrows(HyperparameterException.class,
                () -> probe().create(Map.of("count", 5.5)));
        assertEquals("probe", e.owner());
        assertEquals("count", e.param());
        assertEquals("probe: count must be an integer, got 5.5 (Double)", e.getMessage());
    }

    @Test
    void aNumberGivenAsAnIntegerIsThatNumber() {
        assertEquals("3 0.0 2.0 a 4.0", probe().create(Map.of("rate", 0, "lr", 2L, "t", 4)));
    }

    @Test
    void valuesOutsideTheDeclaredRangeNameTheParameter() {
        HyperparameterException e = assertThrows(HyperparameterException.class,
                () -> probe().create(Map.of("rate", 1.0)));
        assertEquals("rate", e.param());
        assertEquals("probe: rate = 1.0 is outside [0, 1)", e.getMessage());
        e = assertThrows(HyperparameterException.class, () -> probe().create(Map.of("count", 0L)));
        assertEquals("probe: count = 0 is outside [1, ∞)", e.getMessage());
        e = assertThrows(HyperparameterException.class,
                () -> probe().create(Map.of("lr", Schedules.constant(-1))));
        assertEquals("lr", e.param());
        e = assertThrows(HyperparameterException.class, () -> probe().create(Map.of("shape", "c")));
        assertEquals("probe: shape = c is not one of a, b", e.getMessage());
        e = assertThrows(HyperparameterException.class, () -> probe().create(Map.of("t", 0.5)));
        assertEquals("probe: t = 0.5 is outside [1, ∞)", e.getMessage());
        e = assertThrows(HyperparameterException.class, () -> probe().create(Map.of("speed", 1.0)));
        assertEquals("speed", e.param());
        // A varying schedule is checked where it is evaluated, not when built.
        probe().create(Map.of("lr", new Schedules.LinearWarmup(-1, 1, 10)));
    }

    @Test
    void aBuilderReadingAParameterAsAnotherKindIsABug() {
        Component<Double> wrong = new Component<>("wrong", "-", "-", List.of(integer("count", 3L)),
                h -> h.number("count"));
        assertThrows(IllegalStateException.class, wrong::create);
    }

    @Test
    void checkThrowsTheTypedException() {
        HyperparameterException e = assertThrows(HyperparameterException.class,
                () -> Check.unitInterval("adam", "b1", 1.5));
        assertEquals("adam", e.owner());
        assertEquals("b1", e.param());
        assertEquals("adam: b1 = 1.5 is outside [0, 1)", e.getMessage());
    }

    @Test
    void requiredParametersMustBeGiven() {
        Component<Double> c = new Component<>("req", "-", "-", List.of(number("x")), h -> h.number("x"));
        HyperparameterException e = assertThrows(HyperparameterException.class, c::create);
        assertEquals("req: x is required (a number)", e.getMessage());
        assertEquals(2.0, c.create(Map.of("x", 2)));
        assertFalse(c.defaults().containsKey("x"));
    }

    @Test
    void everyDeclaredDefaultPassesItsOwnValidation() {
        Registries r = Registries.standard();
        for (Registry<?> registry : List.of(r.optimizers(), r.transforms(), r.schedules(), r.problems(),
                r.monitors())) {
            for (Component<?> c : registry.all()) {
                for (Param p : c.params()) {
                    if (!p.required()) {
                        Hyperparameters.validate(c.name(), p, p.defaultValue());
                    }
                }
            }
        }
    }

    @Test
    void theStandardRegistriesAreFilledOnceByTheOptimContributions() {
        Registries r = Registries.standard();
        assertSame(r, Registries.standard());
        assertTrue(r.optimizers().names().containsAll(List.of("gd", "adam", "pgd", "p_gd", "muon", "root")));
        assertTrue(r.monitors().names().containsAll(List.of("param_norm", "coordinates", "polar_error")));
        assertTrue(r.schedules().contains("warmup_cosine") && r.transforms().contains("scale_by_adam"));
        // The schedulable parameters are those the builders read as schedules.
        assertTrue(r.optimizers().get("adam").param("lr").schedulable());
        assertFalse(r.optimizers().get("adam").param("b1").schedulable());
    }
}
