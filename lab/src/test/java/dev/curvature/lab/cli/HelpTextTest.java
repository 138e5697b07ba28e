package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The help of every command reads as written: no line over 80 columns, no footer line wrapped mid-sentence. */
class HelpTextTest {

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"", "run", "reproduce", "report", "list", "polar", "info", "demo", "schema"})
    void helpFitsEightyColumnsAndItsExitCodesAreOneCodePerEntry(String command) {
        Cli c = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
        assertEquals(0, c.code(), c.transcript());
        List<String> lines = c.out().lines().toList();
        for (String l : lines) {
            assertTrue(l.length() <= 80, "over 80 columns: '" + l + "'");
        }
        int at = lines.indexOf("Exit codes:");
        if (at < 0) {
            return;
        }
        // Each entry is "  N  text", continued by lines indented to the text: picocli wraps footer lines
        // longer than its width at column 0, which is what made "(nothing run),\n1 failure ..." read badly.
        for (int i = at + 1; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            assertTrue(lines.get(i).matches("  \\d  \\S.*|     \\S.*"), "a wrapped exit-code line: '" + lines.get(i) + "'");
        }
        assertTrue(lines.get(at + 1).startsWith("  0  "), "the codes start with 0");
    }
}
