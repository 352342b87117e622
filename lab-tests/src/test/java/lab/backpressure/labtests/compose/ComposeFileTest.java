package lab.backpressure.labtests.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import lab.backpressure.labtests.compose.ComposeFile.BindMount;
import lab.backpressure.labtests.compose.ComposeFile.PortBinding;
import lab.backpressure.labtests.compose.ComposeFile.Service;
import lab.backpressure.labtests.support.LabService;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads docker-compose.yml without running it: the promises of the lab contract and the handout. */
class ComposeFileTest {

    private static final String LOOPBACK = "127.0.0.1";

    /** Host port -> container port of every service, from the lab contract. */
    private static final Map<String, Map<Integer, Integer>> CONTRACT_PORTS = Map.of(
            "producer", Map.of(8000, 8000),
            "consumer", Map.of(8001, 8001),
            "prometheus", Map.of(9090, 9090),
            "grafana", Map.of(3001, 3000),
            "jaeger", Map.of(16686, 16686, 4317, 4317, 4318, 4318));

    /** The one-shot commands under a Compose profile: `docker compose up` leaves them out, `run` runs them. */
    private static final Set<String> TOOLS = Set.of("lab", "tests");

    /** The Kafka lane's broker, its Compose profile, and the host port for clients outside Compose. */
    private static final String BROKER = "kafka";
    private static final String KAFKA_PROFILE = "kafka";
    private static final PortBinding BROKER_HOST_PORT = new PortBinding(LOOPBACK, 9092, 9092);
    /** The services' two settings that together switch their Kafka lane on (docs/running.md). */
    private static final String SPRING_PROFILES = "SPRING_PROFILES_ACTIVE";
    private static final String BOOTSTRAP_SERVERS = "SPRING_KAFKA_BOOTSTRAP_SERVERS";
    private static final List<String> KAFKA_CLIENTS = List.of("producer", "consumer");
    private static final Pattern KAFKA_VERSION = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>");
    private static final Pattern CURL_OR_WGET = Pattern.compile("\\b(curl|wget)\\b");

    private static final int MEBIBYTE_SHIFT = 20;
    private static final long PRODUCER_MEMORY_LIMIT_BYTES = 256L << MEBIBYTE_SHIFT;
    private static final Set<String> RESTARTING_POLICIES = Set.of("always", "unless-stopped", "on-failure");

    private static final ComposeFile COMPOSE = ComposeFile.in(LabService.repositoryRoot());

    static List<Service> services() {
        return COMPOSE.services();
    }

    /** The services `docker compose up` starts and keeps running. */
    static List<Service> labServices() {
        return COMPOSE.services().stream().filter(Service::startedByUp).toList();
    }

    @Test
    void upStartsExactlyTheFiveServicesOfTheLabAndRunOffersItsCommand() {
        assertThat(labServices()).extracting(Service::name)
                .containsExactlyInAnyOrderElementsOf(CONTRACT_PORTS.keySet());
        assertThat(COMPOSE.services()).filteredOn(service -> !service.startedByUp()).extracting(Service::name)
                .as("the commands, and the broker that only the kafka profile starts")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(TOOLS.stream(), Stream.of(BROKER)).toList());
    }

    /** The README's prerequisites: the ports a learner must have free are the ones `up` publishes, no more, no less. */
    @Test
    void theReadmesPrerequisitesNameEveryHostPortUpPublishes() throws IOException {
        String readme = Files.readString(LabService.repositoryRoot().resolve("README.md"));
        int start = readme.indexOf("**You need**");
        String prerequisites = readme.substring(start, readme.indexOf("```", start));

        assertThat(Pattern.compile("\\b\\d{4,5}\\b").matcher(prerequisites).results()
                .map(port -> Integer.parseInt(port.group())).toList())
                .as("the ports the README's \"You need\" asks to be free")
                .containsExactlyInAnyOrderElementsOf(labServices().stream()
                        .flatMap(service -> service.ports().stream()).map(PortBinding::hostPort).toList());
        assertThat(readme).as("the services to wait for").contains("until all five say \"healthy\"");
        assertThat(labServices()).hasSize(5);
    }

    @Test
    void staysReadableByDockerCompose1() {
        assertThat(COMPOSE.topLevelKeys())
                .as("docker-compose 1.29 rejects a top-level name:, and version: is obsolete in Compose v2")
                .doesNotContain("name", "version");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void publishesTheContractPortsOnLoopbackOnly(Service service) {
        List<PortBinding> expected = service.name().equals(BROKER) ? List.of(BROKER_HOST_PORT)
                : CONTRACT_PORTS.getOrDefault(service.name(), Map.of()).entrySet().stream()
                        .map(port -> new PortBinding(LOOPBACK, port.getKey(), port.getValue()))
                        .toList();

        assertThat(service.ports()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labServices")
    void reportsItsHealth(Service service) {
        boolean imageHealthcheck = service.dockerfile()
                .map(Dockerfile::read)
                .flatMap(dockerfile -> dockerfile.finalStage().last("HEALTHCHECK"))
                .filter(healthcheck -> !healthcheck.equalsIgnoreCase("NONE"))
                .isPresent();

        assertThat(service.healthcheck().isPresent() || imageHealthcheck)
                .as("%s has a healthcheck in docker-compose.yml or a HEALTHCHECK in its Dockerfile", service.name())
                .isTrue();
        service.healthcheck().ifPresent(healthcheck ->
                assertThat(healthcheck.test().getFirst()).isIn("CMD", "CMD-SHELL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void pinsItsImageOrBuildsOne(Service service) {
        assertThat(service.image().isPresent() || service.dockerfile().isPresent())
                .as("%s has an image or a build", service.name())
                .isTrue();
        service.image().ifPresent(image -> assertThat(ImageReference.isPinned(image))
                .as("%s is pinned to a version: a tag other than latest, or a digest", image)
                .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void mountsOnlyFilesOfTheRepositoryReadOnly(Service service) {
        for (BindMount mount : service.bindMounts()) {
            if (isTheChartsFolder(service, mount)) {
                continue; // the one folder written to, below
            }
            assertThat(mount.hostPath()).as("mounted into %s", service.name())
                    .startsWith(LabService.repositoryRoot())
                    .exists();
            assertThat(mount.readOnly()).as("%s is mounted read-only", mount.hostPath()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void waitsForItsDependenciesToBeHealthy(Service service) {
        service.dependsOn().forEach((dependency, condition) -> {
            assertThat(COMPOSE.serviceNames()).contains(dependency);
            assertThat(condition).as("%s waits for %s", service.name(), dependency).isEqualTo("service_healthy");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void letsComposeNameItsContainers(Service service) {
        assertThat(service.hasContainerName())
                .as("container_name would clash between two checkouts and forbids scaling")
                .isFalse();
    }

    @Test
    void theLabCommandRunsOnceInTheLabsNetworkAfterTheServicesItDrives() {
        Service lab = COMPOSE.service("lab");

        assertThat(lab.profiles()).as("docker compose up leaves it out").isNotEmpty();
        assertThat(lab.dockerfile()).as("built from the repository, exercises bundled").isPresent();
        assertThat(lab.restart()).as("a command exits when done; a restart policy would run it again").isEmpty();
        assertThat(lab.environment())
                .containsEntry("LAB_PRODUCER_URL", "http://producer:" + containerPort("producer"))
                .containsEntry("LAB_CONSUMER_URL", "http://consumer:" + containerPort("consumer"))
                .containsEntry("LAB_PROMETHEUS_URL", "http://prometheus:" + containerPort("prometheus"));
        assertThat(lab.dependsOn()).containsEntry("producer", "service_healthy")
                .containsEntry("consumer", "service_healthy");
    }

    @Test
    void theLabCommandWritesItsChartsToTheRepositorysChartsFolderAsTheCheckoutsOwnerNotRoot() {
        Service lab = COMPOSE.service("lab");
        Path charts = LabService.repositoryRoot().resolve("charts");

        assertThat(lab.bindMounts()).filteredOn(mount -> !mount.readOnly()).singleElement().satisfies(mount -> {
            assertThat(mount.hostPath()).isEqualTo(charts);
            assertThat(mount.containerPath()).as("docs/lab-command.md: --chart /charts/NAME.png").isEqualTo("/charts");
        });
        assertThat(charts.resolve(".gitignore")).as("committed, so a clone has the folder owned by its user, not"
                + " created by Docker as root").exists();
        assertThat(lab.node().path("user").asString()).as("the checkout's owner (LAB_UID, LAB_GID), never root")
                .isEqualTo("${LAB_UID:-1000}:${LAB_GID:-1000}");
    }

    private static boolean isTheChartsFolder(Service service, BindMount mount) {
        return service.name().equals("lab") && mount.containerPath().equals("/charts");
    }

    @Test
    void producerCrashesInsideItsOwn256MegabytesAndComesBack() {
        Service producer = COMPOSE.service("producer");

        assertThat(producer.memoryLimitBytes()).contains(PRODUCER_MEMORY_LIMIT_BYTES);
        assertThat(producer.restart()).hasValueSatisfying(policy -> assertThat(policy).isIn(RESTARTING_POLICIES));
    }

    @Test
    void producerPublishesItsOwnMemoryLimit() {
        Service producer = COMPOSE.service("producer");

        // lab.producer.memory.limit, a Spring DataSize: MB are MiB there, as m is in mem_limit
        assertThat(producer.environment()).as("the limit behind lab_memory_limit_bytes is mem_limit")
                .containsEntry("LAB_PRODUCER_MEMORY_LIMIT", (PRODUCER_MEMORY_LIMIT_BYTES >> MEBIBYTE_SHIFT) + "MB");
    }

    @Test
    void prometheusStoresExemplarsWithTheMountedConfig() {
        Service prometheus = COMPOSE.service("prometheus");

        assertThat(prometheus.command()).contains(
                "--config.file=/etc/prometheus/prometheus.yml", "--enable-feature=exemplar-storage");
        assertThat(prometheus.bindMounts()).extracting(BindMount::containerPath)
                .contains("/etc/prometheus/prometheus.yml");
    }

    @Test
    void producerDeliversToTheConsumerByServiceName() {
        Service producer = COMPOSE.service("producer");

        assertThat(producer.environment()).containsEntry("CONSUMER_URL", "http://consumer:8001");
        assertThat(producer.dependsOn()).containsEntry("consumer", "service_healthy");
    }

    @Test
    void bothServicesSendTracesToJaegerButStartWithoutIt() {
        for (String name : List.of("producer", "consumer")) {
            Service service = COMPOSE.service(name);

            assertThat(service.environment()).as(name)
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318");
            assertThat(service.dependsOn()).as("%s does not need Jaeger to start", name)
                    .doesNotContainKey("jaeger");
        }
    }

    @Test
    void theKafkaProfileAddsOnePinnedHealthcheckedBrokerOfTheClientsVersion() throws IOException {
        Service broker = COMPOSE.service(BROKER);
        String pom = Files.readString(LabService.repositoryRoot().resolve("pom.xml"));
        Matcher kafkaVersion = KAFKA_VERSION.matcher(pom);
        assertThat(kafkaVersion.find()).as("kafka.version in the root pom").isTrue();

        assertThat(broker.profiles()).as("only `--profile kafka` or COMPOSE_PROFILES=kafka starts it")
                .containsExactly(KAFKA_PROFILE);
        assertThat(broker.image()).as("the official image at the kafka-clients version the services use")
                .contains("apache/kafka:" + kafkaVersion.group(1));
        assertThat(broker.ports()).containsExactly(BROKER_HOST_PORT);
        assertThat(broker.healthcheck()).hasValueSatisfying(healthcheck -> {
            assertThat(healthcheck.test().getFirst()).isIn("CMD", "CMD-SHELL");
            assertThat(healthcheck.test()).as("the image has neither curl nor wget")
                    .noneMatch(part -> CURL_OR_WGET.matcher(part).find());
        });
        assertThat(broker.environment()).as("one KRaft node, broker and controller")
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    }

    /** The plain `docker compose up` is the lab without Kafka: neither setting, nothing to wait for. */
    @Test
    void thePlainUpLeavesKafkaOff() {
        for (Service service : labServices()) {
            assertThat(service.environment()).as(service.name()).doesNotContainKeys(SPRING_PROFILES, BOOTSTRAP_SERVERS);
            assertThat(service.dependsOn()).as("%s would make the plain up an invalid project", service.name())
                    .doesNotContainKey(BROKER);
        }
    }

    @Test
    void theKafkaLaneFileSwitchesBothServicesToTheBrokerAndWaitsForIt() {
        ComposeFile kafkaLane = ComposeFile.kafkaLaneIn(LabService.repositoryRoot());
        String advertisedListeners = COMPOSE.service(BROKER).environment().get("KAFKA_ADVERTISED_LISTENERS");

        assertThat(kafkaLane.serviceNames()).containsExactlyInAnyOrderElementsOf(KAFKA_CLIENTS);
        for (String name : KAFKA_CLIENTS) {
            Service service = kafkaLane.service(name);
            assertThat(service.environment()).as(name).containsEntry(SPRING_PROFILES, KAFKA_PROFILE);
            assertThat(service.environment().get(BOOTSTRAP_SERVERS)).as("%s reaches the broker by service name", name)
                    .startsWith(BROKER + ":")
                    .satisfies(address -> assertThat(advertisedListeners).contains("://" + address));
            assertThat(service.dependsOn()).as(name).containsExactly(Map.entry(BROKER, "service_healthy"));
        }
    }

    /** docs/running.md's command is the one that merges the lane's file and enables the broker's profile. */
    @Test
    void theRunningPageStartsTheKafkaLaneWithBothFilesAndTheProfile() throws IOException {
        String running = Files.readString(LabService.repositoryRoot().resolve("docs/running.md"));

        assertThat(running).contains("export COMPOSE_FILE=" + ComposeFile.FILE_NAME + ":"
                + ComposeFile.KAFKA_LANE_FILE_NAME + " COMPOSE_PROFILES=" + KAFKA_PROFILE);
    }

    @Test
    void grafanaOpensOnTheLabDashboard() {
        Service grafana = COMPOSE.service("grafana");
        String homeDashboard = grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");

        assertThat(homeDashboard).isNotNull();
        assertThat(hostPathOf(grafana, homeDashboard)).isRegularFile();
        assertThat(grafana.environment())
                .containsEntry("GF_SECURITY_ADMIN_USER", "admin")
                .containsEntry("GF_SECURITY_ADMIN_PASSWORD", "admin");
    }

    private static int containerPort(String service) {
        return CONTRACT_PORTS.get(service).values().iterator().next();
    }

    /** Where a file the container sees comes from on the host, through the service's bind mounts. */
    private static Path hostPathOf(Service service, String containerPath) {
        return service.bindMounts().stream()
                .filter(mount -> containerPath.equals(mount.containerPath())
                        || containerPath.startsWith(mount.containerPath() + "/"))
                .findFirst()
                .map(mount -> containerPath.equals(mount.containerPath())
                        ? mount.hostPath()
                        : mount.hostPath().resolve(containerPath.substring(mount.containerPath().length() + 1)))
                .orElseThrow(() -> new AssertionError(containerPath + " is not in a bind mount of " + service.name()));
    }
}
