package lab.backpressure.producer;

import java.nio.file.Path;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The producer's packages depend on each other without a cycle, each sub-package counted on its own. */
class PackageGraphTest {

    @Test
    void packagesFormNoCycle() {
        // the module's own compiled main classes only: scanning the classpath for the package would read every jar
        var mainClasses = new ClassFileImporter().importPath(Path.of("target/classes"));
        slices().matching("lab.backpressure.producer.(**)").should().beFreeOfCycles().check(mainClasses);
    }
}
