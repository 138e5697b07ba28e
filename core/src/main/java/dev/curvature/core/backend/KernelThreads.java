package dev.curvature.core.backend;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads that run the Java BLAS-3 kernels in parallel: one lazily created pool of daemon
 * threads shared by all calls and grown when a call asks for more threads than it has. The calling
 * thread always runs part 0 itself, so a call with {@code parts} parts occupies {@code parts - 1}
 * pool threads.
 */
final class KernelThreads {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static ThreadPoolExecutor pool;

    private KernelThreads() {}

    /** Runs {@code part.accept(0..parts-1)}, part 0 in the caller, and returns when all have finished. */
    static void run(int parts, IntConsumer part) {
        if (parts == 1) {
            part.accept(0);
            return;
        }
        ThreadPoolExecutor executor = pool(parts - 1);
        Future<?>[] others = new Future<?>[parts - 1];
        for (int t = 1; t < parts; t++) {
            int id = t;
            others[t - 1] = executor.submit(() -> part.accept(id));
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        // Every part is awaited even after a failure: they all write into the caller's arrays.
        for (Future<?> f : others) {
            try {
                awaitUninterruptibly(f);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static void awaitUninterruptibly(Future<?> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized ThreadPoolExecutor pool(int workers) {
        if (pool == null) {
            pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "curvature-blas-" + THREAD_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.prestartAllCoreThreads();
        } else if (pool.getCorePoolSize() < workers) {
            pool.setMaximumPoolSize(workers);
            pool.setCorePoolSize(workers);
            pool.prestartAllCoreThreads();
        }
        return pool;
    }
}
