package dev.curvature.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Snapshots are exact and restoring one into a state of another structure fails, naming the difference. */
class StateSnapshotTest {

    private static Transform adam() {
        return Optimizers.adam(Schedules.constant(0.01), 0.9, 0.999, 1e-8, Schedules.constant(0));
    }

    @Test
    void snapshotKeepsNonFiniteAndSignedZeroBitsExactly() {
        Blocks p = Blocks.builder().add("a", Tensor.zeros(DType.F32, 4)).add("b", Tensor.zeros(DType.F64, 4)).build();
        Transform t = Transforms.trace(0.9, false);
        State s = t.init(p);
        Blocks buf = s.buffer("buf");
        double[] special = {-0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Math.PI};
        for (int i = 0; i < 4; i++) {
            buf.tensor(0).setFlat(i, special[i]);
            buf.tensor(1).setFlat(i, special[i]);
        }
        s.setScalar("count", 12345);
        State fresh = t.init(p);
        fresh.restore(s.snapshot());
        assertArrayEquals(TestQuadratic.rawBits(buf), TestQuadratic.rawBits(fresh.buffer("buf")));
        assertEquals(12345, fresh.scalar("count"));
        assertArrayEquals(s.snapshot(), fresh.snapshot());
    }

    @Test
    void aSnapshotWithADamagedRankOrDtypeIsRefusedBeforeAnythingIsAllocated() {
        Blocks p = Blocks.builder().add("a", Tensor.zeros(DType.F64, 4)).build();
        Transform t = Transforms.trace(0.9, false);
        byte[] snap = t.init(p).snapshot();
        int at = indexOf(snap, new byte[] {0, 1, 'a', (byte) DType.F64.ordinal(), 0, 0, 0, 1}) + 4;
        byte[] rank = snap.clone();
        rank[at] = 0x18; // rank 0x18000001, about 400 million: the shape array it would allocate is 1.6 GB
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.init(p).restore(rank));
        assertEquals("state snapshot does not match at momentum.buf.a: rank is 402653185, expected 1", e.getMessage());
        byte[] dtype = snap.clone();
        dtype[at - 1] = 99;
        e = assertThrows(IllegalArgumentException.class, () -> t.init(p).restore(dtype));
        assertEquals("state snapshot does not match at momentum.buf.a: dtype is code 99, expected F64", e.getMessage());
    }

    private static int indexOf(byte[] a, byte[] b) {
        for (int i = 0; i + b.length <= a.length; i++) {
            if (Arrays.equals(a, i, i + b.length, b, 0, b.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not in the snapshot");
    }

    @Test
    void restoreIntoAnotherStructureNamesTheFirstDifference() {
        TestQuadratic q = new TestQuadratic(DType.F64);
        Stepper a = new Stepper(q, adam(), null);
        a.steps(2);
        byte[] snap = a.state.snapshot();

        State sgd = Optimizers.sgd(Schedules.constant(0.1), Schedules.constant(0.9), false, 0, Schedules.constant(0))
                .init(q.initialPoint(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(snap));
        assertEquals("state snapshot does not match at chain/0: owner is scale_by_adam, expected momentum",
                e.getMessage());

        State f32 = adam().init(q.initialPoint(null), DType.F32);
        e = assertThrows(IllegalArgumentException.class, () -> f32.restore(snap));
        assertEquals("state snapshot does not match at chain/0.mu.w: dtype is F64, expected F32", e.getMessage());

        State other = adam().init(new TestQuadratic(DType.F64, 2).initialPoint(null));
        e = assertThrows(IllegalArgumentException.class, () -> other.restore(snap));
        assertEquals("state snapshot does not match at chain/0.mu.w: shape is [5], expected [10]", e.getMessage());
    }

    @Test
    void truncatedOrOverlongSnapshotsAreRejected() {
        TestQuadratic q = new TestQuadratic(DType.F32);
        Stepper a = new Stepper(q, adam(), null);
        a.steps(1);
        byte[] snap = a.state.snapshot();
        State s = adam().init(q.initialPoint(null));
        Stepper other = new Stepper(q, adam(), null);
        other.steps(3);
        byte[] before = other.state.snapshot();
        assertThrows(IllegalArgumentException.class, () -> other.state.restore(Arrays.copyOf(snap, snap.length - 3)));
        assertArrayEquals(before, other.state.snapshot(), "a rejected snapshot leaves the state as it was");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.restore(Arrays.copyOf(snap, snap.length - 3)));
        assertEquals("chain: snapshot is truncated or corrupt", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.restore(Arrays.copyOf(snap, snap.length + 2)));
        assertEquals("chain: snapshot has 2 trailing bytes", e.getMessage());
    }

    @Test
    void attachmentsAreTypedCachesOutsideSnapshots() {
        Blocks p = Blocks.builder().add("a", Tensor.zeros(DType.F64, 3)).build();
        State s = Transforms.trace(0.9, false).init(p);
        byte[] before = s.snapshot();
        int[] made = {0};
        State.Key<StringBuilder> cache = new State.Key<>("cache", () -> {
            made[0]++;
            return new StringBuilder("x");
        });
        StringBuilder first = s.attachment(cache);
        assertSame(first, s.attachment(cache), "made once, then looked up");
        assertEquals(1, made[0]);
        // Keys are compared by identity: an equal-looking key is another slot.
        assertEquals("y", s.attachment(new State.Key<>("cache", () -> new StringBuilder("y"))).toString());
        State.Key<int[]> given = new State.Key<>("given");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.attachment(given));
        assertEquals(s.owner() + ": nothing attached under 'given'", e.getMessage());
        int[] value = {7};
        s.attach(given, value);
        assertSame(value, s.attachment(given));
        int[] other = {8};
        s.attach(given, other);
        assertSame(other, s.attachment(given), "attach replaces");
        assertSame(first, s.attachment(cache));
        assertArrayEquals(before, s.snapshot(), "attachments are not part of snapshots");
        State fresh = Transforms.trace(0.9, false).init(p);
        fresh.restore(s.snapshot());
        assertArrayEquals(before, fresh.snapshot());
    }
}
