package dev.curvature.lab.testing;

import dev.curvature.core.io.WriteGate;
import dev.curvature.core.io.WriteGate.Op;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The file system under one folder, made to fail through {@link WriteGate} as a real one does:
 * full ({@code No space left on device} on every write and database commit, while renames and
 * deletions still work; the file being written is left empty, as a write that ran out of space
 * after opening it leaves it), read-only ({@code Read-only file system} on everything), without
 * permission ({@link AccessDeniedException}), or with a hook that changes the folder (a file that
 * vanishes) the first time a write matches. It works as root and without {@code mount}; paths
 * outside the folder are never touched. Close it to restore the plain file system.
 */
public final class FaultyDisk implements AutoCloseable {
    public static final String NO_SPACE = "No space left on device";
    public static final String READ_ONLY = "Read-only file system";

    /** What fails, and how. */
    private record Fault(Set<Op> ops, String reason) {}

    /** An action on the folder, e.g. moving a file away. */
    @FunctionalInterface
    public interface Action {
        void run() throws IOException;
    }

    private record Hook(Predicate<Path> when, Action action) {}

    private final Path root;
    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final AtomicReference<Hook> hook = new AtomicReference<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile long fullAfter = Long.MAX_VALUE;
    private final WriteGate.Installed installed;

    private FaultyDisk(Path root) {
        this.root = root.toAbsolutePath();
        this.installed = WriteGate.install(this::check);
    }

    /** Puts everything written under {@code root} behind this disk, healthy until told otherwise. */
    public static FaultyDisk under(Path root) {
        return new FaultyDisk(root);
    }

    /** From now on the disk is full: every write and database commit fails. */
    public void fill() {
        fault.set(new Fault(EnumSet.of(Op.WRITE, Op.COMMIT), NO_SPACE));
    }

    /** From now on only {@code op} fails for lack of space (e.g. only the database's commit). */
    public void fill(Op op) {
        fault.set(new Fault(EnumSet.of(op), NO_SPACE));
    }

    /** From now on the file system is read-only. */
    public void readOnly() {
        fault.set(new Fault(EnumSet.allOf(Op.class), READ_ONLY));
    }

    /** From now on every change under the folder is refused for lack of permission. */
    public void denyPermission() {
        fault.set(new Fault(EnumSet.allOf(Op.class), null));
    }

    /** The disk fills up after {@code n} more file writes: the next one and all later ones fail. */
    public void fillAfterWrites(long n) {
        fullAfter = writes.get() + n;
    }

    /** File writes ({@link Op#WRITE}) under the folder so far, failed ones included. */
    public long writes() {
        return writes.get();
    }

    /** Space is back, the file system writable again. */
    public void heal() {
        fullAfter = Long.MAX_VALUE;
        fault.set(null);
    }

    /** Does {@code action} once, just before the first operation on a path that {@code when} accepts. */
    public void onFirst(Predicate<Path> when, Action action) {
        hook.set(new Hook(when, action));
    }

    private void check(Op op, Path path) throws IOException {
        Path p = path.toAbsolutePath();
        if (!p.startsWith(root)) {
            return;
        }
        Hook h = hook.get();
        if (h != null && h.when().test(p) && hook.compareAndSet(h, null)) {
            h.action().run();
        }
        if (op == Op.WRITE && writes.incrementAndGet() > fullAfter) {
            fill();
        }
        Fault f = fault.get();
        if (f == null || !f.ops().contains(op) || (op == Op.CREATE && Files.isDirectory(p))) {
            return; // creating a folder that exists changes nothing, and succeeds anywhere
        }
        if (op == Op.COMMIT) {
            // DuckDB writes its file natively; its JDBC driver reports the failure like this.
            throw new IOException("TransactionContext Error: Failed to commit: Could not write file \"" + p
                    + ".wal\": " + (f.reason() == null ? "Permission denied" : f.reason()));
        }
        if (op == Op.WRITE && NO_SPACE.equals(f.reason())) {
            Files.write(p, new byte[0]);
        }
        throw f.reason() == null ? new AccessDeniedException(p.toString())
                : new FileSystemException(p.toString(), null, f.reason());
    }

    @Override
    public void close() {
        installed.close();
    }
}
