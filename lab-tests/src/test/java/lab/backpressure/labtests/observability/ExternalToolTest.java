package lab.backpressure.labtests.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A missing promtool or prometheus skips its test with an install hint on a developer machine, and
 * fails it under {@code CI=true}, so CI can never pass with those tests skipped.
 */
class ExternalToolTest {

    private static final String HINT = "promtool is not on the PATH: install Debian's prometheus package";

    @Test
    void aMissingToolSkipsWithTheInstallHintOutsideCi(@TempDir Path empty) {
        assertThatThrownBy(() -> ExternalTool.require("promtool", Map.of("PATH", empty.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(HINT)
                .hasMessageContaining("apt-get install prometheus");
    }

    @Test
    void aMissingToolFailsUnderCi(@TempDir Path empty) {
        assertThatThrownBy(() -> ExternalTool.require("promtool", Map.of("PATH", empty.toString(), "CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(HINT);
    }

    @Test
    void anInstalledToolIsFoundOnThePathUnderCi(@TempDir Path bin) throws IOException {
        Path promtool = Files.createFile(bin.resolve("promtool"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(ExternalTool.require("promtool", Map.of("PATH", "/nonexistent:" + bin, "CI", "true")))
                .isEqualTo(promtool);
    }
}
