package dev.curvature.optim.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.testing.TestQuadratic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The clipping transforms against hand-computed values, over several blocks and both dtypes. */
class ClipTransformsTest {

    /** Blocks a = [3, 4] and B = [[12, 0], [0, 0]]: global norm √(9 + 16 + 144) = 13. */
    private static Blocks updates(DType d) {
        Tensor a = d == DType.F64 ? Tensor.wrap(new double[] {3, 4}, 2) : Tensor.wrap(new float[] {3, 4}, 2);
        Tensor b = d == DType.F64 ? Tensor.wrap(new double[] {12, 0, 0, 0}, 2, 2)
                : Tensor.wrap(new float[] {12, 0, 0, 0}, 2, 2);
        return Blocks.builder().add("a", a).add("B", b).build();
    }

    private static double[] values(Blocks u) {
        return new double[] {u.tensor(0).get(0), u.tensor(0).get(1), u.tensor(1).get(0, 0), u.tensor(1).get(0, 1),
                u.tensor(1).get(1, 0), u.tensor(1).get(1, 1)};
    }

    private static StepContext context(DType d) {
        return new StepContext(new TestQuadratic(d), RandomStream.of(0));
    }

    private static void assertValues(double[] expected, Blocks u, double tol) {
        double[] got = values(u);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], tol, "element " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void globalNormClipScalesEveryBlockByTheSameFactor(DType d) {
        Transform clip = Transforms.clipByGlobalNorm(6.5);
        Blocks u = updates(d);
        StepContext ctx = context(d);
        clip.update(u, clip.init(u), ctx);
        // 6.5 / 13 = 0.5 on every element of every block.
        assertValues(new double[] {1.5, 2, 6, 0, 0, 0}, u, d == DType.F64 ? 1e-15 : 1e-6);
        assertEquals(13, ctx.metrics().get("grad_norm_pre_clip")[0], d == DType.F64 ? 1e-15 : 1e-5);
        assertEquals(6.5, u.norm(), d == DType.F64 ? 1e-14 : 1e-5, "the clipped norm is the bound");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void globalNormClipLeavesSmallUpdatesUntouched(DType d) {
        Transform clip = Transforms.clipByGlobalNorm(13.5);
        Blocks u = updates(d);
        clip.update(u, clip.init(u), context(d));
        assertValues(new double[] {3, 4, 12, 0, 0, 0}, u, 0);
        Transform exact = Transforms.clipByGlobalNorm(13);
        Blocks v = updates(d);
        exact.update(v, exact.init(v), context(d));
        assertValues(new double[] {3, 4, 12, 0, 0, 0}, v, d == DType.F64 ? 0 : 1e-6);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void valueClipClampsEachElement(DType d) {
        Transform clip = Transforms.clipByValue(3.5);
        Blocks u = updates(d);
        u.tensor(1).set(-7.25, 1, 1);
        clip.update(u, clip.init(u), context(d));
        // [3, 4] → [3, 3.5]; [[12, 0], [0, −7.25]] → [[3.5, 0], [0, −3.5]]
        assertValues(new double[] {3, 3.5, 3.5, 0, 0, -3.5}, u, 0);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void valueClipKeepsElementsAtTheBoundsAndClampsInfinities(DType d) {
        Transform clip = Transforms.clipByValue(3);
        Blocks u = updates(d);
        u.tensor(0).set(-3, 0);
        u.tensor(1).set(Double.POSITIVE_INFINITY, 0, 1);
        u.tensor(1).set(Double.NEGATIVE_INFINITY, 1, 0);
        u.tensor(1).set(-0.5, 1, 1);
        clip.update(u, clip.init(u), context(d));
        // [−3, 4] → [−3, 3]; [[12, ∞], [−∞, −0.5]] → [[3, 3], [−3, −0.5]]: ±c exactly, inside untouched.
        assertValues(new double[] {-3, 3, 3, 3, -3, -0.5}, u, 0);
    }

    /**
     * NaN is never clipped into a finite value, so the run's non-finite policy still sees it: the
     * element-wise clip keeps it (min and max of NaN are NaN), and the global clip, whose norm is
     * NaN, leaves the updates as they are.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void clippingPassesNanThrough(DType d) {
        Transform byValue = Transforms.clipByValue(3.5);
        Blocks u = updates(d);
        u.tensor(1).set(Double.NaN, 1, 0);
        byValue.update(u, byValue.init(u), context(d));
        assertValues(new double[] {3, 3.5, 3.5, 0, Double.NaN, 0}, u, 0);

        Transform byNorm = Transforms.clipByGlobalNorm(1);
        Blocks v = updates(d);
        v.tensor(1).set(Double.NaN, 1, 0);
        StepContext ctx = context(d);
        byNorm.update(v, byNorm.init(v), ctx);
        assertTrue(Double.isNaN(ctx.metrics().get("grad_norm_pre_clip")[0]), "the logged norm is NaN");
        assertValues(new double[] {3, 4, 12, 0, Double.NaN, 0}, v, 0);
    }

    /** An infinite element makes the norm infinite: the factor c/∞ = 0 zeroes the finite elements and ∞·0 is NaN. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void globalNormClipOfAnInfiniteUpdateIsNotFinite(DType d) {
        Transform clip = Transforms.clipByGlobalNorm(1);
        Blocks u = updates(d);
        u.tensor(0).set(Double.NEGATIVE_INFINITY, 1);
        clip.update(u, clip.init(u), context(d));
        assertValues(new double[] {0, Double.NaN, 0, 0, 0, 0}, u, 0);
    }

    @Test
    void boundsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transforms.clipByGlobalNorm(0));
        assertTrue(e.getMessage().contains("max_norm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.clipByValue(-1));
        assertTrue(e.getMessage().contains("max_value"), e.getMessage());
    }
}
