package lab.backpressure.consumer;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The consumer's packages depend on each other without a cycle, each sub-package counted on its own. */
class PackageGraphTest {

    @Test
    void packagesFormNoCycle() {
        var mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lab.backpressure.consumer");
        slices().matching("lab.backpressure.consumer.(**)").should().beFreeOfCycles().check(mainClasses);
    }
}
