package jp.oqsgateway.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jp.oqsgateway.gateway.sql.RowIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the gateway's compiled main classes (read
 * from the class path, so classes that live in another module under the same package names are
 * checked too): dependencies point from {@code bootstrap} through {@code http} to the domain and on
 * to {@code oqs} and the leaves, never back and never in a circle.
 */
class DependenciesPointOneWayTest {
  private static final String GATEWAY = "jp.oqsgateway.gateway";

  /** Packages that hold what the gateway does, as opposed to how it is reached or started. */
  private static final String[] DOMAIN = {
    GATEWAY + ".qualification..",
    GATEWAY + ".patients..",
    GATEWAY + ".homevisit..",
    GATEWAY + ".consented..",
    GATEWAY + ".cards..",
    GATEWAY + ".agents..",
    GATEWAY + ".notify..",
    GATEWAY + ".oqs..",
    GATEWAY + ".events..",
    GATEWAY + ".failure..",
    GATEWAY + ".audit..",
    GATEWAY + ".ops.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importTheGatewaysMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(GATEWAY);
  }

  @Test
  void noTwoPackagesOfTheGatewayDependOnEachOther() {
    slices().matching(GATEWAY + ".(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theOqsProtocolAndLinkKnowNothingOfHttpPatientsOrScreens() {
    noClasses()
        .that()
        .resideInAPackage(GATEWAY + ".oqs..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            GATEWAY + ".http..",
            GATEWAY + ".patients..",
            GATEWAY + ".qualification..",
            GATEWAY + ".homevisit..",
            GATEWAY + ".consented..",
            GATEWAY + ".notify..",
            GATEWAY + ".cards..",
            GATEWAY + ".agents..")
        .check(classes);
  }

  @Test
  void noDomainPackageKnowsHttp() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(GATEWAY + ".http..", "io.vertx.ext.web..")
        .check(classes);
  }

  @Test
  void onlyBootstrapKnowsBootstrap() {
    noClasses()
        .that()
        .resideOutsideOfPackage(GATEWAY + ".bootstrap..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(GATEWAY + ".bootstrap..")
        .check(classes);
  }

  @Test
  void eventsAndFailureAreLeavesThatKnowNoOtherPackageOfTheGatewayButTheRowKeys() {
    for (String leaf : new String[] {GATEWAY + ".events..", GATEWAY + ".failure.."}) {
      noClasses()
          .that()
          .resideInAPackage(leaf)
          .should()
          .dependOnClassesThat(
              resideInAPackage(GATEWAY + "..")
                  .and(not(resideInAPackage(leaf)))
                  .and(not(type(RowIds.class))))
          .check(classes);
    }
    noClasses()
        .that(type(RowIds.class))
        .should()
        .dependOnClassesThat(resideInAPackage(GATEWAY + "..").and(not(type(RowIds.class))))
        .check(classes);
  }
}
