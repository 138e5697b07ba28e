package dev.curvature.lab.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.registry.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Components built from spec nodes: an invalid value is reported at its field from the
 * exception's parameter name (declared ranges and the constructors' own checks alike), integer
 * and number fields accept what they declare, and every registered component builds from its
 * declared defaults.
 */
class CatalogTest {

    private static String error(String yaml, java.util.function.Function<SpecNode, ?> build) {
        SpecNode node = SpecNode.parse(yaml, "s.yaml");
        return assertThrows(SpecException.class, () -> build.apply(node)).getMessage();
    }

    @Test
    void aRangeViolationIsReportedAtItsField() {
        assertEquals("s.yaml:1:32: momentum: sgd: momentum = 1.5 is outside [0, 1)",
                error("{name: sgd, lr: 0.1, momentum: 1.5}", Catalog::optimizer));
    }

    @Test
    void aConstructorTimeViolationIsReportedAtTheFieldTheExceptionNames() {
        // L ≥ mu depends on another parameter: only the constructor checks it.
        assertEquals("s.yaml:1:31: L: quadratic: L = 0.5 is outside [1, ∞)",
                error("{name: quadratic, mu: 1.0, L: 0.5}", Catalog::problem));
        // total > warmup, checked by the schedule class under its own name, reported for the schedule.
        assertEquals("s.yaml:1:55: total: warmup_cosine: total = 10 is outside [11, ∞)",
                error("{schedule: warmup_cosine, peak: 1, warmup: 10, total: 10}", Catalog::schedule));
        // Checks the builders make themselves (a polar engine's name; an index bounded by d).
        assertEquals("s.yaml:1:22: method: muon: method = svdd is not one of",
                error("{name: muon, method: svdd}", Catalog::optimizer).substring(0, 54));
        assertEquals("s.yaml:1:52: signal_index: spiked_phase_retrieval: signal_index = 9 is outside [0, 4]",
                error("{name: spiked_phase_retrieval, d: 4, signal_index: 9}", Catalog::problem));
        // A declared range, checked before the parts are built.
        assertEquals("s.yaml:1:39: dampening: sgd: dampening = 1.5 is outside [0, 1]",
                error("{name: sgd, momentum: 0.5, dampening: 1.5}", Catalog::optimizer));
    }

    @Test
    void integerAndNumberFieldsAcceptWhatTheyDeclare() {
        // An integer written 5.0 is the integer 5; 5.5 is not an integer.
        assertNotNull(Catalog.problem(SpecNode.parse("{name: rosenbrock, n: 5.0}", "s.yaml")));
        assertEquals("s.yaml:1:23: n: rosenbrock: n must be an integer, got 5.5",
                error("{name: rosenbrock, n: 5.5}", Catalog::problem));
        // A number written 5 is the number 5.0.
        assertNotNull(Catalog.problem(SpecNode.parse("{name: rosenbrock, a: 5}", "s.yaml")));
        assertNotNull(Catalog.optimizer(SpecNode.parse("{name: adam, lr: 1, b1: 0}", "s.yaml")));
    }

    @Test
    void aScheduleIsAcceptedOnlyWhereDeclaredSchedulable() {
        assertNotNull(Catalog.optimizer(SpecNode.parse(
                "{name: adam, lr: {schedule: warmup_cosine, peak: 0.01, warmup: 10, total: 100}}", "s.yaml")));
        assertEquals("s.yaml:1:18: b1: adam: b1 must be a number, got a schedule (0.9)",
                error("{name: adam, b1: {schedule: constant, value: 0.9}}", Catalog::optimizer));
    }

    @Test
    void everyRegisteredComponentBuildsFromItsDeclaredDefaults() {
        Registries r = Registries.standard();
        for (Registry<?> registry : List.of(r.optimizers(), r.transforms(), r.schedules(), r.problems(),
                r.monitors())) {
            for (Component<?> c : registry.all()) {
                Map<String, Object> required = new LinkedHashMap<>();
                for (Param p : c.params()) {
                    if (p.required()) {
                        required.put(p.name(), sample(p));
                    }
                }
                assertNotNull(c.create(required), c.name());
            }
        }
    }

    /** A valid value for a required parameter: the least of its range where that is attained, else 1. */
    private static Object sample(Param p) {
        Param.Range r = p.range();
        double v = r != null && r.loInclusive() && Double.isFinite(r.lo()) ? r.lo()
                : r == null || r.contains(1) ? 1 : r.lo() + 1;
        return switch (p.kind()) {
            case INTEGER -> (long) v;
            case INTEGERS -> List.of(0L, 10L);
            case NUMBERS -> List.of(v, v);
            default -> v;
        };
    }
}
