package dev.curvature.lab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real {@code curvature} command line in this JVM and captures what it prints. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CurvatureCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Everything printed, for assertion messages. */
    String transcript() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
