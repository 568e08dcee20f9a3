package dev.seccompsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package dependencies the README describes, checked on the compiled main classes. */
class ArchitectureTest {

  private static final com.tngtech.archunit.core.domain.JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.seccompsync");

  @Test
  void packagesDependOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("cli")
        .definedBy("dev.seccompsync.cli..")
        .layer("reconcile")
        .definedBy("dev.seccompsync.reconcile..")
        .layer("sync")
        .definedBy("dev.seccompsync.sync..")
        .layer("report")
        .definedBy("dev.seccompsync.report..")
        .layer("apply")
        .definedBy("dev.seccompsync.apply..")
        .layer("diff")
        .definedBy("dev.seccompsync.diff..")
        .layer("git")
        .definedBy("dev.seccompsync.git..")
        .layer("cluster")
        .definedBy("dev.seccompsync.cluster..")
        .layer("validate")
        .definedBy("dev.seccompsync.validate..")
        .layer("migrate")
        .definedBy("dev.seccompsync.migrate..")
        .layer("promote")
        .definedBy("dev.seccompsync.promote..")
        .layer("manifest")
        .definedBy("dev.seccompsync.manifest..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("reconcile")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("sync")
        .mayOnlyBeAccessedByLayers("cli", "reconcile")
        .whereLayer("report")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("apply")
        .mayOnlyBeAccessedByLayers("sync", "reconcile", "cli")
        .whereLayer("diff")
        .mayOnlyBeAccessedByLayers("apply", "sync", "reconcile", "report", "cli")
        .whereLayer("validate")
        .mayOnlyBeAccessedByLayers("cli", "report", "promote")
        .whereLayer("migrate")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("promote")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("git")
        .mayOnlyBeAccessedByLayers("sync", "reconcile", "validate", "promote", "cli")
        .whereLayer("cluster")
        .mayOnlyBeAccessedByLayers(
            "diff", "apply", "sync", "reconcile", "validate", "migrate", "promote", "cli")
        .check(CLASSES);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.seccompsync.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void onlyTheEntryPointTouchesStandardStreams() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.seccompsync.cli.Main")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(CLASSES);
  }
}
