package dev.curvature.lab.report;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * What an experiment's analysis found: key numbers, pass/fail checks of the paper's claims, and
 * figures; the report shows all three and {@code reproduce} fails when a check fails.
 */
public final class AnalysisResult {
    /** A reported number. */
    public record Finding(String name, double value, String note) {}

    /** A claim checked against the results. */
    public record Check(String claim, boolean passed, String detail) {}

    /** A figure with its caption. */
    public record Figure(String name, XYChart chart, String caption) {}

    private final List<Finding> findings = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Adds a number. */
    public AnalysisResult finding(String name, double value, String note) {
        findings.add(new Finding(name, value, note));
        return this;
    }

    /** Adds a check. */
    public AnalysisResult check(String claim, boolean passed, String detail) {
        checks.add(new Check(claim, passed, detail));
        return this;
    }

    /** Adds a figure. */
    public AnalysisResult figure(String name, XYChart chart, String caption) {
        figures.add(new Figure(name, chart, caption));
        return this;
    }

    /** Adds a paragraph of explanation. */
    public AnalysisResult note(String text) {
        notes.add(text);
        return this;
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Check> checks() {
        return checks;
    }

    public List<Figure> figures() {
        return figures;
    }

    public List<String> notes() {
        return notes;
    }

    /** True when every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
