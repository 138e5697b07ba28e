package dev.curvature.lab.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A results folder that cannot be used: it cannot be created or written, it holds files but no
 * result database, its database cannot be opened or was not created by Curvature, it already holds
 * results that the command would mix with or overwrite, or a checkpoint to resume from is damaged
 * or not its run's. Raised
 * before any run starts and before anything in the folder is changed; the command line turns it
 * into exit code 2.
 */
public class ResultsFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path folder;

    public ResultsFolderException(Path folder, String message) {
        super(message);
        this.folder = folder;
    }

    public ResultsFolderException(Path folder, String message, Throwable cause) {
        super(message, cause);
        this.folder = folder;
    }

    /** The folder concerned. */
    public Path folder() {
        return folder;
    }
}
