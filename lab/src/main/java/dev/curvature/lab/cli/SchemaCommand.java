package dev.curvature.lab.cli;

import dev.curvature.lab.schema.SpecSchema;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curvature schema}: the JSON Schema of experiment specs, generated from the registries. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (draft 2020-12) of experiment specs, generated from the registered "
                + "problems, optimizers, transforms, schedules and monitors, for validation and completion in "
                + "editors.",
        footer = {"", "Examples:", "  curvature schema --output docs/curvature-spec.schema.json",
                "  curvature schema > my-spec.schema.json",
                "  # on the first line of a spec, for the YAML language server:",
                "  # yaml-language-server: $schema=docs/curvature-spec.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the schema to FILE instead of "
            + "printing it.")
    Path output;

    @Override
    public Integer call() throws Exception {
        String json = SpecSchema.json();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, json, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(json);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
