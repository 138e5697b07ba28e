package dev.curvature.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Installing a finished file over its target, so that readers never see one half-written. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Moves the complete file {@code tmp} over {@code target}: an atomic rename where the file
     * system offers one (the usual case, {@code tmp} being in the target's folder), else a plain
     * replacing move. A target that is not a regular file is refused first
     * ({@link #requireReplaceable}), so every writer of the project gets that check.
     */
    public static void replace(Path tmp, Path target) throws IOException {
        requireReplaceable(target);
        WriteGate.check(WriteGate.Op.REPLACE, target);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Refuses a target that a rename would wrongly replace: a rename puts a regular file in the
     * place of a FIFO, a device node (such as {@code /dev/full}) or a symbolic link instead of
     * writing to it, and fails on a directory. A symbolic link is refused rather than followed, so
     * that the file written is the one named; name the link's target to write there. A new path or
     * an existing regular file passes.
     */
    public static void requireReplaceable(Path target) throws NotRegularFileException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            return; // unreadable attributes: the write itself reports the problem
        }
        if (a.isRegularFile()) {
            return;
        }
        String kind = a.isDirectory() ? "a directory" : a.isSymbolicLink() ? "a symbolic link (to "
                + readLink(target) + "; name the target itself to write there)"
                : "a FIFO, socket or device";
        throw new NotRegularFileException(target, "it is " + kind + ", not a regular file; "
                + "results are written only to regular files or new paths, by replacing them atomically");
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    /** A write target that exists and is not a regular file. */
    public static final class NotRegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        NotRegularFileException(Path file, String reason) {
            super(file.toString(), null, reason);
        }
    }
}
