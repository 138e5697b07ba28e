package dev.curvature.lab.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example, taken from the block after {@code <!-- library-check:file
 * src/main/java/Example.java -->}, compiles against the current modules and prints a converged
 * Rosenbrock run. The fast half of {@code scripts/library-check}, which also installs the artifacts
 * and builds the example with Maven.
 */
class ReadmeLibraryExampleTest {
    private static final String MARKER = "<!-- library-check:file src/main/java/Example.java -->";

    @Test
    void theReadmeExampleCompilesAndReachesALossBelowOneThousandth(@TempDir Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("src")).resolve("Example.java");
        Files.writeString(source, block(Files.readString(Path.of("..", "README.md"))));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-cp", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
        assertTrue(ok, diagnostics.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeLibraryExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        Matcher m = Pattern.compile("(\\S+) after (\\d+) steps \\((max_steps|grad_norm)\\)").matcher(printed);
        assertTrue(m.matches(), printed);
        assertTrue(Double.parseDouble(m.group(1)) < 1e-3, printed);
    }

    @Test
    void theBlockIsTheFencedCodeAfterTheMarker() {
        String readme = "text\n" + MARKER + "\n```java\nclass A {}\n```\nmore\n```\nnot this\n```\n";
        assertEquals("class A {}\n", block(readme));
        assertFalse(block(readme).contains("not this"));
    }

    /** The first fenced block after the marker, as scripts/library-check reads it. */
    static String block(String readme) {
        int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "README.md has no " + MARKER);
        int open = readme.indexOf("```", at);
        int start = readme.indexOf('\n', open) + 1;
        int close = readme.indexOf("\n```", start - 1);
        return readme.substring(start, close + 1);
    }
}
