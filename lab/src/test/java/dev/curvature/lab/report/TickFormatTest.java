package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tick labels, each against the text written out by hand. */
class TickFormatTest {
    @Test
    void thousandsAndMillionsAreCompact() {
        assertEquals("1k", TickFormat.of(1000));
        assertEquals("1.2k", TickFormat.of(1200));
        assertEquals("2.5k", TickFormat.of(2500));
        assertEquals("10k", TickFormat.of(10_000));
        assertEquals("200k", TickFormat.of(200_000));
        assertEquals("1M", TickFormat.of(1_000_000));
        assertEquals("-2k", TickFormat.of(-2000));
    }

    @Test
    void smallAndOrdinaryNumbersHaveNoTrailingZerosOrGrouping() {
        assertEquals("0", TickFormat.of(0));
        assertEquals("134", TickFormat.of(134));
        assertEquals("0.5", TickFormat.of(0.5));
        assertEquals("0.001", TickFormat.of(0.001));
        assertEquals("999", TickFormat.of(999));
        // 0.1 + 0.2 is 0.30000000000000004 in binary: four significant digits drop the noise.
        assertEquals("0.3", TickFormat.of(0.1 + 0.2));
    }

    @Test
    void tinyMagnitudesAreScientific() {
        assertEquals("1e-4", TickFormat.of(1e-4));
        assertEquals("2.5e-5", TickFormat.of(2.5e-5));
        assertEquals("-3e-7", TickFormat.of(-3e-7));
    }
}
