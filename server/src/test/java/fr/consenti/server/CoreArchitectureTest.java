package fr.consenti.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** core is pure domain code: it must run without Spring, the server, JDBC or Jakarta EE (DESIGN.md, Modules). */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.consenti.core");

    @Test
    void coreDependsOnNoFrameworkNorServer() {
        ArchRule rule = noClasses().that().resideInAPackage("fr.consenti.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "fr.consenti.server..", "java.sql..", "javax.sql..", "jakarta..")
                .because("core holds the rules as pure functions, testable and usable without a container");
        // Fails, rather than passing on nothing, if core's classes are not found on the classpath.
        rule.check(CORE);
    }
}
