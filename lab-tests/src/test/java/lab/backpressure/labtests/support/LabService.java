package lab.backpressure.labtests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The two services of the lab, located by the paths the build hands to the tests (see lab-tests/pom.xml). */
public enum LabService {
    PRODUCER("producer"),
    CONSUMER("consumer");

    private final String name;

    LabService(String name) {
        this.name = name;
    }

    public String serviceName() {
        return name;
    }

    public Path jar() {
        return existing("lab." + name + ".jar");
    }

    public Path agent() {
        return existing("lab." + name + ".agent");
    }

    public static Path repositoryRoot() {
        return existing("lab.root").toAbsolutePath().normalize();
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests through Maven");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: build the services first (./mvnw verify)");
        }
        return path;
    }
}
