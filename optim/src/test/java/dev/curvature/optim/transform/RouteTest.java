package dev.curvature.optim.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Label;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Routing blocks by label: each group gets exactly what its transform alone would give it. */
class RouteTest {

    private static Transform adamw() {
        return Optimizers.adamw(Schedules.constant(0.01), 0.9, 0.99, 1e-8, Schedules.constant(0.1));
    }

    private static Transform sgd() {
        return Optimizers.sgd(Schedules.constant(0.05), Schedules.constant(0.9), true, 0, Schedules.constant(0.01));
    }

    private static Transform lion() {
        return Optimizers.lion(Schedules.constant(0.01), 0.9, 0.99, Schedules.constant(0.2));
    }

    /** Runs n steps of {@code opt} on params x (gradients of the test quadratic at the full point). */
    private static void run(Transform opt, Blocks full, Blocks x, int n) {
        TestQuadratic q = new TestQuadratic(full.tensor(0).dtype());
        Blocks g = full.zerosLike();
        State s = opt.init(x);
        StepContext ctx = new StepContext(q, RandomStream.of(0));
        for (int t = 0; t < n; t++) {
            double f = q.valueAndGradient(full, g);
            Blocks gx = g.select(b -> x.names().contains(b.name()));
            ctx.begin(t, f, x);
            opt.update(gx, s, ctx);
            x.add(gx);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void matricesToOneTransformVectorsToAnotherRestToTheFallback(DType d) {
        TestQuadratic q = new TestQuadratic(d);
        Transform routed = Transforms.route(Map.of(Label.MATRIX, adamw(), Label.VECTOR, sgd()), lion());
        Blocks x = q.initialPoint(null);
        run(routed, x, x, 5);

        // Each group alone, on its own blocks only, from the same start, sees the same gradients
        // (the quadratic is separable) and must land on the same bits.
        Blocks ref = q.initialPoint(null);
        Blocks w = ref.select(b -> b.name().equals("w"));
        Blocks m = ref.select(b -> b.name().equals("W"));
        Blocks bias = ref.select(b -> b.name().equals("b"));
        Transform sgd = sgd();
        Transform adamw = adamw();
        Transform lion = lion();
        // Separate runs with their own gradient evaluations at the reference point, advanced together.
        TestQuadratic qq = new TestQuadratic(d);
        Blocks g = ref.zerosLike();
        State sw = sgd.init(w);
        State sm = adamw.init(m);
        State sb = lion.init(bias);
        StepContext ctx = new StepContext(qq, RandomStream.of(0));
        for (int t = 0; t < 5; t++) {
            double f = qq.valueAndGradient(ref, g);
            Blocks gw = g.select(b -> b.name().equals("w"));
            Blocks gm = g.select(b -> b.name().equals("W"));
            Blocks gb = g.select(b -> b.name().equals("b"));
            ctx.begin(t, f, w);
            sgd.update(gw, sw, ctx);
            ctx.begin(t, f, m);
            adamw.update(gm, sm, ctx);
            ctx.begin(t, f, bias);
            lion.update(gb, sb, ctx);
            ref.add(g);
        }
        assertArrayEquals(TestQuadratic.rawBits(ref), TestQuadratic.rawBits(x));
    }

    @Test
    void anUnroutedLabelWithoutFallbackIsRejectedAtInit() {
        Blocks x = new TestQuadratic(DType.F64).initialPoint(null);
        Map<String, Transform> byLabel = new LinkedHashMap<>();
        byLabel.put(Label.VECTOR, sgd());
        byLabel.put(Label.MATRIX, adamw());
        Transform routed = Transforms.route(byLabel, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> routed.init(x));
        assertEquals("route: block 'b' has label 'bias', which no transformation handles (labels: [vector, matrix]; "
                + "add a fallback)", e.getMessage());
        assertEquals("route: needs at least one label or a fallback",
                assertThrows(IllegalArgumentException.class, () -> Transforms.route(Map.of(), null)).getMessage());
    }

    @Test
    void aLabelWithoutBlocksIsAnEmptyGroup() {
        TestQuadratic q = new TestQuadratic(DType.F64);
        Blocks x = q.initialPoint(null);
        Transform routed = Transforms.route(Map.of(Label.HIDDEN, adamw()), Optimizers.gd(0.1));
        run(routed, x, x, 3);
        Blocks ref = q.initialPoint(null);
        run(Optimizers.gd(0.1), ref, ref, 3);
        assertArrayEquals(TestQuadratic.rawBits(ref), TestQuadratic.rawBits(x));
    }

    @Test
    void aRouteRequiringItsLabelsRefusesAProblemWithoutThem() {
        Blocks x = new TestQuadratic(DType.F64).initialPoint(null);
        Transform routed = Route.requiring("muon", Map.of(Label.HIDDEN, sgd()), adamw());
        String msg = assertThrows(IllegalArgumentException.class, () -> routed.init(x)).getMessage();
        assertTrue(msg.startsWith("muon updates blocks labelled hidden, and this problem has none (its blocks: "), msg);
        for (Blocks.Block b : x) {
            assertTrue(msg.contains(b.name() + " (" + b.label() + ")"), msg);
        }
        // With one block carrying the label, it routes as an ordinary route does.
        Transform matrix = Route.requiring("muon", Map.of(Label.MATRIX, sgd()), adamw());
        Blocks y = new TestQuadratic(DType.F64).initialPoint(null);
        run(matrix, y, y, 3);
        Blocks ref = new TestQuadratic(DType.F64).initialPoint(null);
        run(Transforms.route(Map.of(Label.MATRIX, sgd()), adamw()), ref, ref, 3);
        assertArrayEquals(TestQuadratic.rawBits(ref), TestQuadratic.rawBits(y));
    }

    @Test
    void registeredMuonOnAProblemWithoutMatrixBlocksIsAnErrorNotAdamW() {
        Blocks x = new TestQuadratic(DType.F64).initialPoint(null);
        Map<String, Object> onlyHidden = Map.of("matrix_labels", "hidden");
        Transform muon = dev.curvature.optim.OptimizerRegistry.get("muon").create(onlyHidden);
        String msg = assertThrows(IllegalArgumentException.class, () -> muon.init(x)).getMessage();
        assertTrue(msg.startsWith("muon updates blocks labelled hidden"), msg);
    }

    @Test
    void stateLayoutIsTheSameInEveryProcess() {
        Blocks x = new TestQuadratic(DType.F64).initialPoint(null);
        // Map.of and HashMap have no order of their own (Map.of's changes from one JVM to the next):
        // groups follow the labels' order, so a snapshot restores in any process.
        Map<String, Transform> hash = new HashMap<>();
        hash.put(Label.VECTOR, Transforms.trace(0.9, false));
        hash.put(Label.MATRIX, Transforms.scaleByAdam(0.9, 0.99, 1e-8));
        hash.put(Label.BIAS, Transforms.scaleByLion(0.9, 0.99));
        for (Map<String, Transform> m : List.of(hash, Map.copyOf(hash), new TreeMap<>(hash))) {
            State s = Transforms.route(m, null).init(x);
            assertEquals(List.of("scale_by_lion", "scale_by_adam", "momentum"),
                    List.of(s.child(0).owner(), s.child(1).owner(), s.child(2).owner()));
        }
        // An ordered map keeps its order.
        Map<String, Transform> linked = new LinkedHashMap<>();
        linked.put(Label.VECTOR, hash.get(Label.VECTOR));
        linked.put(Label.MATRIX, hash.get(Label.MATRIX));
        linked.put(Label.BIAS, hash.get(Label.BIAS));
        State s = Transforms.route(linked, null).init(x);
        assertEquals(List.of("momentum", "scale_by_adam", "scale_by_lion"),
                List.of(s.child(0).owner(), s.child(1).owner(), s.child(2).owner()));
    }

    @Test
    void routedStateSnapshotsAndRestores() {
        TestQuadratic q = new TestQuadratic(DType.F32);
        Transform routed = Transforms.route(Map.of(Label.MATRIX, adamw(), Label.VECTOR, sgd()), lion());
        Blocks x = q.initialPoint(null);
        Blocks g = x.zerosLike();
        State s = routed.init(x);
        StepContext ctx = new StepContext(q, RandomStream.of(0));
        for (int t = 0; t < 3; t++) {
            ctx.begin(t, q.valueAndGradient(x, g), x);
            routed.update(g, s, ctx);
            x.add(g);
        }
        byte[] snap = s.snapshot();
        Blocks x2 = x.copy();
        State s2 = Transforms.route(Map.of(Label.VECTOR, sgd(), Label.MATRIX, adamw()), lion()).init(x2);
        s2.restore(snap);
        assertArrayEquals(snap, s2.snapshot());
    }
}
