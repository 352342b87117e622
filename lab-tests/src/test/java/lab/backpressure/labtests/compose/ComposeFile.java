package lab.backpressure.labtests.compose;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The lab's docker-compose.yml (or the Kafka lane's file merged over it) as the tests read it: each service's
 * settings that the lab relies on, with Compose's alternative spellings (short and long syntax, maps and lists)
 * folded into one form.
 */
final class ComposeFile {

    static final String FILE_NAME = "docker-compose.yml";
    /** What the Kafka lane adds to the producer and consumer of {@value #FILE_NAME} (docs/running.md). */
    static final String KAFKA_LANE_FILE_NAME = "docker-compose.kafka.yml";

    private final Path projectDirectory;
    private final String fileName;
    private final JsonNode root;

    private ComposeFile(Path projectDirectory, String fileName) {
        this.projectDirectory = projectDirectory;
        this.fileName = fileName;
        this.root = YAMLMapper.shared().readTree(projectDirectory.resolve(fileName).toFile());
    }

    static ComposeFile in(Path projectDirectory) {
        return new ComposeFile(projectDirectory, FILE_NAME);
    }

    /** Only what the Kafka lane's file says, not merged: its services are fragments of {@value #FILE_NAME}'s. */
    static ComposeFile kafkaLaneIn(Path projectDirectory) {
        return new ComposeFile(projectDirectory, KAFKA_LANE_FILE_NAME);
    }

    Set<String> topLevelKeys() {
        return Set.copyOf(root.propertyNames());
    }

    Set<String> serviceNames() {
        return Set.copyOf(root.path("services").propertyNames());
    }

    Service service(String name) {
        JsonNode node = root.path("services").path(name);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("no service " + name + " in " + fileName);
        }
        return new Service(name, node, projectDirectory);
    }

    List<Service> services() {
        return serviceNames().stream().sorted().map(this::service).toList();
    }

    /** A published port: host address and port, container port. */
    record PortBinding(String hostIp, int hostPort, int containerPort) {
    }

    /**
     * A health check as Compose declares it; the command as Docker stores it ([CMD, wget, ...] or
     * [CMD-SHELL, "..."]), and empty durations where Docker's defaults apply.
     */
    record Healthcheck(List<String> test, Optional<Duration> interval, Optional<Duration> timeout,
                       Optional<Duration> startPeriod, int retries) {
        static final int DOCKER_DEFAULT_RETRIES = 3;
    }

    /** A host file or directory mounted into the container. */
    record BindMount(Path hostPath, String containerPath, boolean readOnly) {
    }

    record Service(String name, JsonNode node, Path projectDirectory) {

        private static final Pattern MEMORY = Pattern.compile("(\\d+)\\s*([bkmg]?)b?", Pattern.CASE_INSENSITIVE);
        private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|us|h|m|s)");

        Optional<String> image() {
            return text(node.path("image"));
        }

        /** The build context of a service built by Compose. */
        Optional<Path> buildContext() {
            JsonNode build = node.path("build");
            if (build.isMissingNode()) {
                return Optional.empty();
            }
            String context = build.isString() ? build.stringValue() : build.path("context").asString(".");
            return Optional.of(projectDirectory.resolve(context).normalize());
        }

        /** The Dockerfile of a service built by Compose, which Compose resolves against the build context. */
        Optional<Path> dockerfile() {
            String dockerfile = node.path("build").path("dockerfile").asString("Dockerfile");
            return buildContext().map(context -> context.resolve(dockerfile).normalize());
        }

        List<PortBinding> ports() {
            List<PortBinding> ports = new ArrayList<>();
            for (JsonNode port : node.path("ports").values()) {
                ports.add(port.isObject() ? longSyntaxPort(port) : shortSyntaxPort(port.asString()));
            }
            return ports;
        }

        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            JsonNode env = node.path("environment");
            if (env.isObject()) {
                env.forEachEntry((key, value) -> environment.put(key, value.asString()));
            } else {
                for (JsonNode entry : env.values()) {
                    String[] keyValue = entry.asString().split("=", 2);
                    environment.put(keyValue[0], keyValue.length == 2 ? keyValue[1] : "");
                }
            }
            return environment;
        }

        List<BindMount> bindMounts() {
            List<BindMount> mounts = new ArrayList<>();
            for (JsonNode volume : node.path("volumes").values()) {
                if (volume.isObject()) {
                    if ("bind".equals(volume.path("type").asString())) {
                        mounts.add(new BindMount(hostPath(volume.path("source").asString()),
                                volume.path("target").asString(), volume.path("read_only").asBoolean(false)));
                    }
                    continue;
                }
                String[] parts = volume.asString().split(":");
                boolean hostPath = parts.length >= 2 && (parts[0].startsWith(".") || parts[0].startsWith("/"));
                if (hostPath) {
                    boolean readOnly = parts.length == 3 && List.of(parts[2].split(",")).contains("ro");
                    mounts.add(new BindMount(hostPath(parts[0]), parts[1], readOnly));
                }
            }
            return mounts;
        }

        Optional<Healthcheck> healthcheck() {
            JsonNode healthcheck = node.path("healthcheck");
            JsonNode test = healthcheck.path("test");
            if (test.isMissingNode()) {
                return Optional.empty();
            }
            List<String> command = test.isString()
                    ? List.of("CMD-SHELL", test.stringValue())
                    : test.values().stream().map(JsonNode::asString).toList();
            return Optional.of(new Healthcheck(command,
                    duration(healthcheck.path("interval")),
                    duration(healthcheck.path("timeout")),
                    duration(healthcheck.path("start_period")),
                    healthcheck.path("retries").asInt(Healthcheck.DOCKER_DEFAULT_RETRIES)));
        }

        /** Each dependency with the condition Compose waits for before starting this service. */
        Map<String, String> dependsOn() {
            Map<String, String> conditions = new LinkedHashMap<>();
            JsonNode dependsOn = node.path("depends_on");
            if (dependsOn.isObject()) {
                dependsOn.forEachEntry((service, spec) ->
                        conditions.put(service, spec.path("condition").asString("service_started")));
            } else {
                dependsOn.values().forEach(service -> conditions.put(service.asString(), "service_started"));
            }
            return conditions;
        }

        /** The memory limit in bytes, from mem_limit or deploy.resources.limits.memory. */
        Optional<Long> memoryLimitBytes() {
            return text(node.path("mem_limit"))
                    .or(() -> text(node.path("deploy").path("resources").path("limits").path("memory")))
                    .map(Service::bytes);
        }

        /** The arguments that replace the image's CMD, empty when the service keeps the image's. */
        List<String> command() {
            JsonNode command = node.path("command");
            return command.isString()
                    ? List.of(command.stringValue().trim().split("\\s+"))
                    : command.values().stream().map(JsonNode::asString).toList();
        }

        /** The profiles that must be active for Compose to start it; empty: {@code docker compose up} starts it. */
        List<String> profiles() {
            return node.path("profiles").values().stream().map(JsonNode::asString).toList();
        }

        /** Whether it is one of the lab's services, which {@code docker compose up} starts and keeps running. */
        boolean startedByUp() {
            return profiles().isEmpty();
        }

        Optional<String> restart() {
            return text(node.path("restart"));
        }

        boolean hasContainerName() {
            return node.has("container_name");
        }

        private Path hostPath(String path) {
            return projectDirectory.resolve(path).normalize();
        }

        private static Optional<String> text(JsonNode node) {
            return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asString());
        }

        /** A Compose duration such as 10s, 1m30s or 500ms. */
        private static Optional<Duration> duration(JsonNode node) {
            return text(node).map(text -> {
                Matcher part = DURATION_PART.matcher(text);
                Duration total = Duration.ZERO;
                int end = 0;
                while (part.find() && part.start() == end) {
                    long amount = Long.parseLong(part.group(1));
                    total = total.plus(switch (part.group(2)) {
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "ms" -> Duration.ofMillis(amount);
                        default -> Duration.ofNanos(amount * 1_000);
                    });
                    end = part.end();
                }
                if (end != text.length()) {
                    throw new IllegalArgumentException("not a Compose duration: " + text);
                }
                return total;
            });
        }

        private static PortBinding longSyntaxPort(JsonNode port) {
            return new PortBinding(port.path("host_ip").asString(""), port.path("published").asInt(0),
                    port.path("target").asInt());
        }

        /** [[ip:]host:]container[/protocol]; the address may itself contain colons, so read from the right. */
        private static PortBinding shortSyntaxPort(String spec) {
            String withoutProtocol = spec.split("/", 2)[0];
            int containerColon = withoutProtocol.lastIndexOf(':');
            int containerPort = Integer.parseInt(withoutProtocol.substring(containerColon + 1));
            if (containerColon < 0) {
                return new PortBinding("", 0, containerPort);
            }
            String hostPart = withoutProtocol.substring(0, containerColon);
            int hostColon = hostPart.lastIndexOf(':');
            String hostIp = hostColon < 0 ? "" : hostPart.substring(0, hostColon);
            return new PortBinding(hostIp, Integer.parseInt(hostPart.substring(hostColon + 1)), containerPort);
        }

        private static long bytes(String size) {
            Matcher matcher = MEMORY.matcher(size.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a memory size: " + size);
            }
            long value = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> value << 10;
                case "m" -> value << 20;
                case "g" -> value << 30;
                default -> value;
            };
        }
    }
}
