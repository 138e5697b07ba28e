package dev.curvature.core.io;

import java.io.IOException;

/** A file that is not valid .npy data, or uses a dtype Curvature does not read; the message names the file. */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
