package dev.curvature.core.backend;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads that run the Java BLAS-3 kernels in parallel: daemon workers created lazily, grown
 * when a call asks for more threads than exist, and reused by every call. The calling thread runs
 * part 0 itself.
 *
 * <p>Handing work to a parked thread and being woken when it is done cost tens of microseconds on
 * some machines, more than a mid-sized GEMM. So a worker spins for {@link #SPIN_NANOS} after each
 * part before it parks, and a caller spins as long before it parks while waiting: back-to-back calls,
 * the common case in an optimization loop, then pass work on without waking anyone. A worker busy
 * with another caller's part is skipped, and its part runs in the calling thread instead.
 */
final class KernelThreads {
    /** How long an idle worker, or a waiting caller, polls before it parks. */
    static final long SPIN_NANOS = 100_000;

    private static volatile Worker[] workers = new Worker[0];

    private KernelThreads() {}

    /** Runs {@code part.accept(0..parts-1)}, part 0 in the caller, and returns when all have finished. */
    static void run(int parts, IntConsumer part) {
        if (parts == 1) {
            part.accept(0);
            return;
        }
        Job job = new Job(part, parts - 1, Thread.currentThread());
        Worker[] ws = workers(parts - 1);
        for (int t = 1; t < parts; t++) {
            if (!ws[t - 1].offer(job, t)) {
                job.runPart(t);
                job.partDone();
            }
        }
        job.runPart(0);
        job.await();
        job.rethrowFailure();
    }

    private static Worker[] workers(int count) {
        Worker[] ws = workers;
        if (ws.length >= count) {
            return ws;
        }
        synchronized (KernelThreads.class) {
            ws = workers;
            if (ws.length < count) {
                Worker[] grown = Arrays.copyOf(ws, count);
                for (int i = ws.length; i < count; i++) {
                    grown[i] = new Worker(i + 1);
                    grown[i].start();
                }
                workers = grown;
                ws = grown;
            }
            return ws;
        }
    }

    /** One parallel call: its parts, the parts still running on workers, and the first failure. */
    private static final class Job {
        private final IntConsumer part;
        private final AtomicInteger pending;
        private final Thread caller;
        private volatile Throwable failure;

        Job(IntConsumer part, int offloaded, Thread caller) {
            this.part = part;
            this.pending = new AtomicInteger(offloaded);
            this.caller = caller;
        }

        /** Runs a part, recording instead of throwing its failure so that every part still completes. */
        void runPart(int t) {
            try {
                part.accept(t);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }

        /** Counts down a part other than 0; the last one wakes the caller if it parked. */
        void partDone() {
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        void await() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (pending.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void rethrowFailure() {
            Throwable f = failure;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }
    }

    /** A pool thread with a one-job mailbox. */
    private static final class Worker extends Thread {
        private final AtomicInteger busy = new AtomicInteger();
        private volatile Job job;
        private volatile int part;
        private volatile boolean parked;

        Worker(int id) {
            super("curvature-blas-" + id);
            setDaemon(true);
        }

        /** Hands part {@code t} of {@code j} to this worker unless it is busy. */
        boolean offer(Job j, int t) {
            if (!busy.compareAndSet(0, 1)) {
                return false;
            }
            part = t;
            job = j;
            // A worker that has set parked re-checks job before parking, so one of the two sees the other.
            if (parked) {
                LockSupport.unpark(this);
            }
            return true;
        }

        @Override
        public void run() {
            while (true) {
                Job j = awaitJob();
                job = null;
                int t = part;
                j.runPart(t);
                busy.set(0);
                j.partDone();
            }
        }

        private Job awaitJob() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job j = job;
                if (j != null) {
                    return j;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (job == null) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }
}
