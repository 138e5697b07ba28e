package dev.curvature.lab.report;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Tick labels that stay short: thousands as {@code 1k}, {@code 2.5k}, {@code 10k}, millions as
 * {@code 1M}, small magnitudes as {@code 1e-4}, everything else in at most four significant digits
 * without trailing zeros. Grouped digits such as {@code 1,072} run into each other when ticks are
 * close; these labels do not.
 */
public final class TickFormat {
    private static final String[] SUFFIX = {"", "k", "M", "G", "T"};

    private TickFormat() {}

    /** The label of the tick at {@code v}. */
    public static String of(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e15) {
            return scientific(v);
        }
        int group = a >= 1000 ? Math.min(SUFFIX.length - 1, (int) Math.floor(Math.log10(a) / 3 + 1e-9)) : 0;
        return plain(v / Math.pow(1000, group)) + SUFFIX[group];
    }

    private static String plain(double v) {
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    private static String scientific(double v) {
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        String mantissa = plain(d.movePointLeft(exp).doubleValue());
        return mantissa + "e" + exp;
    }
}
