package lab.backpressure.consumer;

import java.nio.file.Path;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The consumer's packages depend on each other without a cycle, each sub-package counted on its own. */
class PackageGraphTest {

    @Test
    void packagesFormNoCycle() {
        // the module's own compiled main classes only: scanning the classpath for the package would read every jar
        var mainClasses = new ClassFileImporter().importPath(Path.of("target/classes"));
        slices().matching("lab.backpressure.consumer.(**)").should().beFreeOfCycles().check(mainClasses);
    }
}
