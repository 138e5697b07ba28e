package dev.curvature.lab.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of all modules (the lab's test class path holds every one). Modules only
 * depend downward (core ← optim ← problems / diagnostics / nn ← lab) and no package reaches itself
 * through others. The one allowed exception is the root package of optim: it holds both the
 * contracts every sub-package implements ({@code Transform}, {@code State}, {@code Blocks}) and the
 * facades that name their implementations ({@code Transforms}, {@code Optimizers}), as optax's
 * top-level namespace does; its sub-packages are free of cycles among themselves.
 */
class PackageStructureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.curvature");
    }

    @Test
    void modulesDependOnlyDownward() {
        slices().matching("dev.curvature.(*)..").should().beFreeOfCycles().check(classes);
        noClasses().that().resideInAPackage("dev.curvature.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.curvature.optim..", "dev.curvature.problems..",
                        "dev.curvature.diagnostics..", "dev.curvature.nn..", "dev.curvature.lab..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.curvature.problems..", "dev.curvature.diagnostics..",
                        "dev.curvature.nn..")
                .should().dependOnClassesThat().resideInAPackage("dev.curvature.lab..")
                .check(classes);
    }

    @Test
    void noPackageCyclesOutsideOptim() {
        slices().matching("dev.curvature.(**)").should().beFreeOfCycles()
                .check(classes.that(not(resideInAPackage("dev.curvature.optim.."))));
    }

    @Test
    void noCyclesAmongOptimSubPackages() {
        slices().matching("dev.curvature.optim.(*)..").should().beFreeOfCycles().check(classes);
    }
}
