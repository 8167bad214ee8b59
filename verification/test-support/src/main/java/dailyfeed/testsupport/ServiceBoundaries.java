package dailyfeed.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/** Structure rules every service obeys: no service imports another's code, and its features form no cycles. */
public final class ServiceBoundaries {

    private static final List<String> SERVICES = List.of("member", "content", "activity", "gateway", "launcher");

    private ServiceBoundaries() {}

    /** Fails if code under {@code dailyfeed.<service>} uses another service's code or its features depend on each other in a cycle. */
    public static void verify(String service) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dailyfeed." + service);
        String[] others = SERVICES.stream()
                .filter(s -> !s.equals(service))
                .map(s -> "dailyfeed." + s + "..")
                .toArray(String[]::new);

        noClasses()
                .that()
                .resideInAPackage("dailyfeed." + service + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services talk through HTTP and Kafka events, never through each other's code")
                .check(classes);
        slices().matching("dailyfeed." + service + ".(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }
}
