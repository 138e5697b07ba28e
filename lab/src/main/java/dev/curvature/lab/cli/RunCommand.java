package dev.curvature.lab.cli;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code curvature run SPEC.yaml}: run an experiment spec. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the experiment of a YAML spec: every grid point, optimizer and seed; store, plot, report.",
        footer = {"", "Exit codes:", "  0  success", "  1  a run failed (the others go on; each is stored)",
                "  2  spec or usage error, or an unusable results folder (nothing run)", "",
                "Examples:", "  curvature run my-sweep.yaml", "  curvature run my-sweep.yaml --out results/x --workers 2",
                "  curvature run my-sweep.yaml --resume     # after an interruption"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The experiment spec (see docs/spec.md).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder (default: results/<experiment name>).")
    Path out;

    @Mixin
    ExperimentOptions options;

    @Override
    public Integer call() throws Exception {
        String text;
        try {
            text = SpecFile.read(specFile);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "spec file not found: " + specFile);
        } catch (CharacterCodingException e) {
            throw new ParameterException(spec.commandLine(), "spec file is not UTF-8 text: " + specFile);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read spec file " + specFile + ": "
                    + (Files.isDirectory(specFile) ? "it is a folder" : e.getMessage()));
        }
        ExperimentSpec s = ExperimentSpec.parse(text, specFile.toString());
        Path dir = out != null ? ExperimentOptions.checkOut(out, spec.commandLine()) : Path.of("results", s.name());
        String again = "curvature run " + specFile + " --resume" + (out != null ? " --out " + out : "");
        return options.execute(s, dir, again, spec.commandLine()).ok() ? 0 : 1;
    }
}
