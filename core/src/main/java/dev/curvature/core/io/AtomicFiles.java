package dev.curvature.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Installing a finished file over its target, so that readers never see one half-written. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Moves the complete file {@code tmp} over {@code target}: an atomic rename where the file
     * system offers one (the usual case, {@code tmp} being in the target's folder), else a plain
     * replacing move.
     */
    public static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
