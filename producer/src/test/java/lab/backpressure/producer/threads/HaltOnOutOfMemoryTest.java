package lab.backpressure.producer.threads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler is tested in a child JVM: halting the test's own JVM would end the test run. */
class HaltOnOutOfMemoryTest {

    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @Test
    void aLabThreadDyingOfOutOfMemoryHaltsTheJvmVisibly() throws Exception {
        Child child = run(ThreadFailure.OUT_OF_MEMORY);

        assertThat(child.exitCode()).isEqualTo(HaltOnOutOfMemory.OUT_OF_MEMORY_EXIT_STATUS);
        assertThat(child.output()).contains("Terminating due to java.lang.OutOfMemoryError: Java heap space")
                .doesNotContain(ThreadFailure.SURVIVED);
    }

    @Test
    void anyOtherFailureIsLoggedAndTheJvmLivesOn() throws Exception {
        Child child = run(ThreadFailure.OTHER);

        assertThat(child.exitCode()).isZero();
        assertThat(child.output()).contains("Thread lab-thread died", ThreadFailure.SURVIVED);
    }

    private static Child run(String failure) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ThreadFailure.class.getName(), failure)
                .redirectErrorStream(true)
                .start();
        boolean ended = process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("child ended; output: %s", output).isTrue();
        return new Child(process.exitValue(), output);
    }

    private record Child(int exitCode, String output) {
    }
}
