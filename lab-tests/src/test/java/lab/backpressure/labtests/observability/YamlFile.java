package lab.backpressure.labtests.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the lab's YAML files (Prometheus and Grafana provisioning) as trees. */
final class YamlFile {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private YamlFile() {
    }

    static JsonNode read(Path yaml) {
        try {
            return YAML.readTree(Files.readString(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
