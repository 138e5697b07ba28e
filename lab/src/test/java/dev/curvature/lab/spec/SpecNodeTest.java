package dev.curvature.lab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.Limit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Positions, paths and hints of {@link SpecNode} errors. */
class SpecNodeTest {

    private static String error(String yaml) {
        return assertThrows(SpecException.class, () -> ExperimentSpec.parse(yaml, "s.yaml")).getMessage();
    }

    @Test
    void deeplyNestedSpecIsRefusedWithItsLocation() {
        String yaml = "a: " + "[".repeat(2000) + "\n";
        assertEquals("s.yaml:1:67: a[0][0][0][0][0][0][0][0][0][0][0][0][0]…(65 levels): this list needs 65 nesting "
                + "levels in an experiment spec, above the limit of 64 (limit 'spec_depth'; raise it with --limit "
                + "spec_depth=N or -Dcurvature.limit.spec_depth=N, and give Java the memory it needs with -Xmx)",
                assertThrows(SpecException.class, () -> SpecNode.parse(yaml, "s.yaml")).getMessage());
    }

    @Test
    void recursiveAliasIsRefusedWithItsLocation() {
        assertEquals("s.yaml:2:4: b[0]: this value contains itself through an alias (a recursive alias); write it "
                + "out instead", assertThrows(SpecException.class,
                        () -> SpecNode.parse("a: 1\nb: &b [*b]\n", "s.yaml")).getMessage());
    }

    @Test
    void nestedAliasesThatExpandToMillionsOfValuesAreRefused() {
        // "Billion laughs": 16 levels of lists of 3 aliases of the level below, 3^16 ≈ 43 million values.
        StringBuilder y = new StringBuilder("l0: &l0 [x, x, x]\n");
        for (int i = 1; i <= 16; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        String msg = assertThrows(SpecException.class, () -> SpecNode.parse(y.toString(), "s.yaml")).getMessage();
        assertTrue(msg.contains(": aliases expand this spec to more than "), msg);
    }

    @Test
    void anchorsReusedAFewTimesExpandFreely() {
        SpecNode doc = SpecNode.parse("a: &a {name: adam, lr: 1.0e-3, b1: 0.9}\nb: *a\nc: *a\nd: [*a, *a]\n", "s.yaml");
        assertEquals("adam", doc.get("d").items().get(1).get("name").asString());
    }

    @Test
    void specTextAboveTheByteLimitIsRefusedBeforeParsing() {
        String yaml = "a: '" + "x".repeat(5 << 20) + "'\n";
        assertEquals(Limit.SPEC_BYTES, assertThrows(Limit.LimitExceededException.class,
                () -> ExperimentSpec.parse(yaml, "s.yaml")).limit());
    }

    @Test
    void charactersOutsideTheBasicPlaneParseAtEveryOffset() {
        for (int pad = 1000; pad < 1040; pad++) {
            SpecNode doc = SpecNode.parse("a: '" + "x".repeat(pad) + "\uD835\uDF02😀'\nb: 1\n", "s.yaml");
            assertEquals(1L, doc.get("b").asLong());
        }
        SpecNode many = SpecNode.parse("a: " + "😀".repeat(600) + "\nb: 2\n", "s.yaml");
        assertEquals("s.yaml:2:4: b: x", many.get("b").error("x").getMessage());
    }

    @Test
    void integersAreRangeCheckedExactlyBeforeNarrowing() {
        SpecNode doc = SpecNode.parse("a: 4294967300\nb: 9223372036854775807\nc: 9223372036854775808\n"
                + "d: 1e3\ne: 2.5\n", "s.yaml");
        assertEquals("s.yaml:1:4: a: must be in [1, 2147483647], got 4294967300",
                assertThrows(SpecException.class, () -> doc.get("a").asLong(1, Integer.MAX_VALUE)).getMessage());
        assertEquals(Long.MAX_VALUE, doc.get("b").asLong());
        assertEquals(Long.MAX_VALUE, doc.get("b").toValue());
        assertEquals("s.yaml:3:4: c: must be in [-9223372036854775808, 9223372036854775807], got "
                + "9223372036854775808", assertThrows(SpecException.class, () -> doc.get("c").asLong()).getMessage());
        assertEquals(1000L, doc.get("d").asLong());
        assertEquals("s.yaml:5:4: e: expected an integer, got 2.5",
                assertThrows(SpecException.class, () -> doc.get("e").asLong()).getMessage());
    }

    @Test
    void unknownFieldsAreReportedAtTheKeyAndValuesAtTheValue() {
        SpecNode doc = SpecNode.parse("a:\n  bb: 1\n  cc: [1, 2]\n", "s.yaml");
        SpecNode a = doc.get("a");
        assertEquals("s.yaml:2:3: a.bb: unknown field 'bb' (did you mean 'b'?); allowed: b, cc",
                assertThrows(SpecException.class, () -> a.allowOnly(List.of("b", "cc"))).getMessage());
        assertEquals("s.yaml:3:7: a.cc: expected a mapping (key: value), got a list",
                assertThrows(SpecException.class, () -> a.get("cc").keys()).getMessage());
        assertEquals("s.yaml:3:11: a.cc[1]: expected a string, got the number 2",
                a.get("cc").items().get(1).error("expected a string, got the number 2").getMessage());
    }

    @Test
    void syntaxErrorsNameTheEnclosingField() {
        assertEquals("s.yaml:3:12: monitors[0]: invalid YAML: expected ',' or '}', but got ']' (the '{' at 3:4 is "
                + "not closed or a ',' is missing)", error("name: x\nmonitors:\n  [{name: a]\n"));
        assertEquals("s.yaml:3:15: stop.limits[1]: invalid YAML: this quoted string is not closed (no matching quote "
                + "before the end of the file)", error("name: x\nstop:\n  limits: [1, 'a\n"));
    }

    @Test
    void suggestionsUseEditDistanceContainmentAndCommonAliases() {
        List<String> fields = List.of("lr", "b1", "b2", "eps", "max_steps", "warmup_cosine");
        assertEquals(" (did you mean 'lr'?)", SpecNode.suggest("learning_rate", fields));
        assertEquals(" (did you mean 'b1'?)", SpecNode.suggest("beta1", fields));
        assertEquals(" (did you mean 'max_steps'?)", SpecNode.suggest("max_setps", fields));
        assertEquals(" (did you mean 'warmup_cosine'?)", SpecNode.suggest("cosine", fields));
        assertEquals("", SpecNode.suggest("momentum_dampening", fields));
    }

    @Test
    void gridValuesKeepTheirPositionUnderTheirNewPath() {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: x
                problem: {name: rosenbrock, n: 4}
                optimizers:
                  adam: {name: adam}
                grid:
                  optimizers.adam.lr: [0.1, 0.2]
                stop: {max_steps: 1}
                """, "s.yaml");
        SpecNode lr = spec.expand().get(1).doc().get("optimizers").get("adam").get("lr");
        assertEquals("optimizers.adam.lr", lr.path());
        assertEquals("s.yaml:6:29", lr.location());
    }
}
