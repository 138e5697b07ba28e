package dev.curvature.lab.spec;

import dev.curvature.core.Limit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the text of a spec: at most {@link Limit#SPEC_BYTES} + 1 bytes are read, so a file that is
 * too large, an endless device ({@code /dev/zero}) or a pipe is refused after that many bytes
 * instead of filling the memory, and the text must be UTF-8.
 */
public final class SpecFile {
    private SpecFile() {}

    /**
     * The text of a spec file.
     *
     * @throws Limit.LimitExceededException  above {@link Limit#SPEC_BYTES}
     * @throws CharacterCodingException     not UTF-8
     * @throws IOException                  not readable
     */
    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, "spec file " + file);
        }
    }

    /** The text of a spec read from {@code in}; {@code what} names it in a refusal. */
    public static String read(InputStream in, String what) throws IOException {
        long max = Limit.SPEC_BYTES.value();
        byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
        if (bytes.length > max) {
            throw Limit.SPEC_BYTES.exceeded(what);
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
