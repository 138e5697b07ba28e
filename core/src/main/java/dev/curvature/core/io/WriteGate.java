package dev.curvature.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The point every writer of a results folder passes just before it creates, writes, replaces or
 * commits a file. By default it does nothing. A test installs a {@link Gate} that fails the
 * operation the way a file system does (no space left, read-only, permission denied) or changes
 * the folder first (a file or folder that vanishes), at a chosen moment: this is how the
 * writers' failure paths are tested without mounting a real full or read-only file system, which
 * needs privileges that CI does not have, and as root, whom permission bits do not stop.
 */
public final class WriteGate {
    private WriteGate() {}

    /** What a writer is about to do to a path. */
    public enum Op {
        /** Create a folder or an empty file. */
        CREATE,
        /** Write a file's contents. */
        WRITE,
        /** Rename a finished file or folder into place. */
        REPLACE,
        /** Commit a transaction of the result database (whose file DuckDB writes natively). */
        COMMIT
    }

    /** Decides an operation: returns to let it proceed, throws to fail it as the file system would. */
    @FunctionalInterface
    public interface Gate {
        void check(Op op, Path path) throws IOException;
    }

    private static volatile Gate gate;

    /** Passes {@code op} on {@code path} through the installed gate, if any. */
    public static void check(Op op, Path path) throws IOException {
        Gate g = gate;
        if (g != null) {
            g.check(op, path);
        }
    }

    /** Installs {@code g} until the returned handle is closed (gates do not nest). */
    public static Installed install(Gate g) {
        synchronized (WriteGate.class) {
            if (gate != null) {
                throw new IllegalStateException("a write gate is already installed");
            }
            gate = g;
        }
        return () -> gate = null;
    }

    /** An installed gate; closing it restores the plain file system. */
    public interface Installed extends AutoCloseable {
        @Override
        void close();
    }
}
