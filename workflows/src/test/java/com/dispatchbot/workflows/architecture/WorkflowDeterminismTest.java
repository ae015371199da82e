package com.dispatchbot.workflows.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * Workflow code must replay to the same decisions: no clocks, randomness, threads or I/O outside
 * Temporal's own APIs (Workflow.currentTimeMillis, Workflow.newRandom, Workflow.sleep, Async...).
 * The module boundary keeps Spring, JDBC and HTTP out; these rules keep the JDK's own escape
 * hatches out.
 */
@AnalyzeClasses(
    packages = "com.dispatchbot.workflows",
    importOptions = WorkflowDeterminismTest.MainClassesOnly.class)
class WorkflowDeterminismTest {

  /** Main classes only, whatever the build folder is called (ArchUnit's own expects target/). */
  static final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("/test-classes/");
    }
  }

  private static final Set<String> NOW_OWNERS =
      Set.of(
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.time.LocalTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.Year",
          "java.time.YearMonth");

  private static final DescribedPredicate<JavaCall<?>> READS_A_CLOCK =
      new DescribedPredicate<>("reads the wall clock") {
        @Override
        public boolean test(JavaCall<?> call) {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          return (NOW_OWNERS.contains(owner) && name.equals("now"))
              || (owner.equals("java.lang.System")
                  && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
              || owner.equals("java.time.Clock");
        }
      };

  private static final DescribedPredicate<JavaCall<?>> IS_RANDOM =
      new DescribedPredicate<>("draws a random number or id") {
        @Override
        public boolean test(JavaCall<?> call) {
          String owner = call.getTargetOwner().getName();
          return (owner.equals("java.util.UUID") && call.getName().equals("randomUUID"))
              || (owner.equals("java.lang.Math") && call.getName().equals("random"));
        }
      };

  @ArchTest
  static final ArchRule noClocks =
      noClasses()
          .should()
          .callCodeUnitWhere(READS_A_CLOCK)
          .because("use Workflow.currentTimeMillis()");

  @ArchTest
  static final ArchRule noRandomness =
      noClasses()
          .should()
          .callCodeUnitWhere(IS_RANDOM)
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.Random")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.security.SecureRandom")
          .because("use Workflow.newRandom() or Workflow.randomUUID()");

  @ArchTest
  static final ArchRule noThreads =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.lang.Thread")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("java.util.concurrent..")
          .because("use Async, Promise, Workflow.sleep and WorkflowLock");

  @ArchTest
  static final ArchRule noBlockingIo =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.io..", "java.net..", "java.nio..", "java.sql..", "javax.sql..")
          .because("I/O belongs in activities");

  @ArchTest
  static final ArchRule noSynchronization =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("WorkflowImpl")
          .should()
          .callMethod(Object.class, "wait")
          .orShould()
          .callMethod(Object.class, "notify")
          .because("workflow threads are scheduled by Temporal");
}
