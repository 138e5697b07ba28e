package dev.curvature.lab.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.optim.registry.Registries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The JSON Schema of specs: the committed copy is the generated one, it is a valid draft 2020-12
 * schema, the built-in and valid test specs satisfy it, and malformed specs violate it except where
 * only loading can tell (value ranges, grid paths, zip lengths).
 */
class SpecSchemaTest {
    static final Path COMMITTED = Path.of("..", "docs", "curvature-spec.schema.json");
    static final Path VALID = Path.of("src", "test", "resources", "specs", "valid");
    static final Path MALFORMED = Path.of("src", "test", "resources", "specs", "malformed");

    /**
     * Malformed specs whose error only loading finds: ranges that depend on other parameters,
     * values inside schedules, grid paths and values, lengths, finiteness, integer widths, sizes
     * against the limits, metric names. Declared ranges, choices and kinds
     * (b1 = 1.5, n = 1, dtype f16, a schedule for a fixed number) are in the schema.
     */
    static final Set<String> LOAD_TIME_ONLY = Set.of("schedule-total-not-after-warmup.yaml",
            "grid-missing-field.yaml", "grid-value-out-of-range.yaml", "zip-unequal-lengths.yaml",
            "quick-unknown-stop-field.yaml", "route-uncovered-label.yaml", "diverge-above-nan.yaml",
            "grid-and-zip-same-path.yaml", "integer-above-int-range.yaml", "integer-above-long-range.yaml",
            "integer-wraps-to-small-dimension.yaml", "lr-infinite.yaml", "optimizer-label-empty.yaml",
            "problem-matrix-too-large.yaml", "report-unknown-metric.yaml",
            // found by building each run and taking its first step while planning
            "muon-without-matrix-blocks.yaml", "muon-grid-point-without-matrix-blocks.yaml",
            "pgd-delta-f-auto-without-optimum.yaml", "loss-gap-without-optimum.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SpecSchema.generate());
    }

    @Test
    void committedSchemaIsTheGeneratedOne() throws IOException {
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        assertEquals(SpecSchema.json(), committed, "docs/curvature-spec.schema.json is out of date with the "
                + "registries; regenerate it from the repository root with: "
                + "./curvature schema --output docs/curvature-spec.schema.json");
    }

    @Test
    void schemaIsAValidDraft202012Schema() {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SchemaId.V202012));
        Set<ValidationMessage> errors = meta.validate(SpecSchema.generate());
        assertTrue(errors.isEmpty(), errors.toString());
        assertFalse(meta.validate(JSON.createObjectNode().put("type", "strng")).isEmpty(),
                "the meta-schema rejects a broken schema");
    }

    @Test
    void schemaNamesEveryRegisteredComponent() {
        JsonNode defs = SpecSchema.generate().get("$defs");
        Registries r = Registries.standard();
        r.problems().names().forEach(n -> assertTrue(defs.has("problem." + n), n));
        assertTrue(r.problems().names().containsAll(List.of("rosenbrock", "mlp", "char_transformer")),
                "classic problems and network models in one registry");
        r.optimizers().names().forEach(n -> assertTrue(defs.has("optimizer." + n), n));
        r.transforms().names().forEach(n -> assertTrue(defs.has("transform." + n)
                || r.optimizers().contains(n), n));
        r.schedules().names().forEach(n -> assertTrue(defs.has("schedule." + n), n));
        Registries.standard().monitors().names().forEach(n -> assertTrue(defs.has("monitor." + n), n));
        JsonNode adam = defs.get("optimizer.adam").get("properties");
        assertEquals("number", adam.get("lr").get("anyOf").get(0).get("type").asText());
        assertEquals("#/$defs/schedule", adam.get("lr").get("anyOf").get(1).get("$ref").asText());
        JsonNode rosenbrock = defs.get("problem.rosenbrock").get("properties");
        assertEquals("integer", rosenbrock.get("n").get("type").asText());
        assertEquals("string", rosenbrock.get("dtype").get("type").asText());
        JsonNode cosine = defs.get("schedule.warmup_cosine");
        assertEquals(List.of("schedule", "peak", "warmup", "total"),
                JSON.convertValue(cosine.get("required"), List.class));
        assertFalse(cosine.get("additionalProperties").asBoolean());
    }

    @Test
    void schedulesAreOfferedExactlyForTheSchedulableParameters() {
        JsonNode defs = SpecSchema.generate().get("$defs");
        JsonNode adam = defs.get("optimizer.adam").get("properties");
        assertEquals("#/$defs/schedule", adam.get("lr").get("anyOf").get(1).get("$ref").asText());
        assertFalse(adam.get("b1").has("anyOf"), "adam's b1 is a plain number");
        assertEquals("number", adam.get("b1").get("type").asText());
        assertEquals(0, adam.get("b1").get("minimum").asInt());
        assertEquals(1, adam.get("b1").get("exclusiveMaximum").asInt());
        Registries r = Registries.standard();
        for (String kind : List.of("optimizer", "transform")) {
            for (var c : (kind.equals("optimizer") ? r.optimizers() : r.transforms()).all()) {
                JsonNode def = defs.get(kind + "." + c.name());
                if (def == null) {
                    continue; // a transform that is also an optimizer
                }
                for (var p : c.params()) {
                    boolean offersSchedule = def.get("properties").get(p.name()).toString()
                            .contains("#/$defs/schedule");
                    assertEquals(p.schedulable(), offersSchedule, c.name() + "." + p.name());
                }
            }
        }
        JsonNode dtype = defs.get("problem.rosenbrock").get("properties").get("dtype");
        assertTrue(dtype.get("enum").toString().contains("f64"), dtype.toString());
    }

    @Test
    void builtinExperimentsSatisfyTheSchema() throws IOException {
        for (var reproduction : BuiltinExperiments.reproductions()) {
            String name = reproduction.experiment();
            assertValid(name, reproduction.specText());
            SpecNode quick = BuiltinExperiments.get(name).quick().root();
            Set<ValidationMessage> errors = schema.validate(JSON.valueToTree(quick.toValue()));
            assertTrue(errors.isEmpty(), name + " --quick: " + errors);
        }
    }

    static List<String> validSpecs() throws IOException {
        try (Stream<Path> files = Files.list(VALID)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSpecs")
    void validTestSpecsSatisfyTheSchema(String file) throws IOException {
        assertValid(file, Files.readString(VALID.resolve(file), StandardCharsets.UTF_8));
    }

    static List<String> malformedSpecs() throws IOException {
        try (Stream<Path> files = Files.list(MALFORMED)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSpecs")
    void malformedSpecsViolateTheSchemaUnlessOnlyLoadingCanTell(String file) throws IOException {
        String yaml = Files.readString(MALFORMED.resolve(file), StandardCharsets.UTF_8);
        if (file.startsWith("yaml-") || file.equals("duplicate-key.yaml")) {
            assertThrows(RuntimeException.class, () -> toJson(yaml), file + " is not even valid YAML");
            return;
        }
        Set<ValidationMessage> errors = schema.validate(toJson(yaml));
        if (LOAD_TIME_ONLY.contains(file)) {
            assertTrue(errors.isEmpty(), file + " passes the schema; only loading finds its error: " + errors);
        } else {
            assertFalse(errors.isEmpty(), file + " should violate the schema");
        }
    }

    private static void assertValid(String name, String yaml) {
        Set<ValidationMessage> errors = schema.validate(toJson(yaml));
        assertTrue(errors.isEmpty(), name + ": " + errors);
    }

    /** YAML to JSON through SnakeYAML Engine's loader (YAML 1.2 core schema), independently of SpecNode. */
    static JsonNode toJson(String yaml) {
        // The whole text in one buffer: SnakeYAML Engine 2.9 fails on a surrogate pair at a buffer's end.
        Object doc = new Load(LoadSettings.builder().setBufferSize(yaml.length() + 2).build()).loadFromString(yaml);
        return JSON.valueToTree(doc);
    }
}
