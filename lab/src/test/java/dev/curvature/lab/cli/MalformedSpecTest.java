package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec under {@code specs/malformed} goes through {@code curvature run SPEC --out DIR}: it
 * must exit with 2, print the error its first line announces ({@code # expect: LINE:COLUMN: path:
 * message}, after the file name), and write nothing.
 */
class MalformedSpecTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "specs", "malformed");
    private static final String EXPECT = "# expect: ";

    static List<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    /** The expected message of a corpus file: its first line after {@code # expect: }. */
    static String expectation(Path spec) throws IOException {
        String first = Files.readString(spec, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (!first.startsWith(EXPECT)) {
            fail(spec + ": the first line must be '" + EXPECT + "LINE:COLUMN: path: message'");
        }
        return first.substring(EXPECT.length()).strip();
    }

    @Test
    void corpusCoversAtLeastFortySpecs() throws IOException {
        assertTrue(corpus().size() >= 40, "corpus has " + corpus().size() + " specs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void exitsWithTwoAtTheOffendingValueBeforeWritingAnything(String file, @TempDir Path tmp) throws IOException {
        Path spec = CORPUS.resolve(file);
        String expected = expectation(spec);
        Path out = tmp.resolve("results");

        Cli r = Cli.run("run", spec.toString(), "--out", out.toString(), "--workers", "1", "--no-progress");

        assertEquals(2, r.code(), r.transcript());
        String line = "curvature: spec error: " + spec + ":" + expected;
        assertTrue(r.err().contains(line), "expected\n  " + line + "\n" + r.transcript());
        assertTrue(expected.matches("\\d+:\\d+: \\S.*: .+"), "expectation needs LINE:COLUMN: path: message");
        assertEquals("", r.out(), "nothing on stdout");
        assertTrue(!Files.exists(out) || isEmpty(out), "the output folder must stay empty: " + out);
        assertFalse(r.err().contains("Exception"), "no stack trace or exception name: " + r.err());
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
