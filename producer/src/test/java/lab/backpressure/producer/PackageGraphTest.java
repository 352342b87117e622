package lab.backpressure.producer;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The producer's packages depend on each other without a cycle, each sub-package counted on its own. */
class PackageGraphTest {

    @Test
    void packagesFormNoCycle() {
        var mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lab.backpressure.producer");
        slices().matching("lab.backpressure.producer.(**)").should().beFreeOfCycles().check(mainClasses);
    }
}
