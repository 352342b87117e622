package lab.backpressure.labtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import lab.backpressure.labtests.compose.ComposeFile.PortBinding;
import lab.backpressure.labtests.compose.ComposeFile.Service;
import lab.backpressure.labtests.compose.Dockerfile.Instruction;
import lab.backpressure.labtests.compose.Dockerfile.Stage;
import lab.backpressure.labtests.support.LabService;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the Dockerfiles of the services Compose builds, without building them. */
class DockerfileTest {

    private static final Set<String> ROOT_USERS = Set.of("root", "0", "0:0", "root:root");
    private static final Pattern JAVA_AGENT = Pattern.compile("-javaagent:(\\S+)");
    private static final Pattern CURL_OR_WGET = Pattern.compile("\\b(curl|wget)\\b");
    private static final String RUNTIME_IMAGE = "eclipse-temurin:25-jre";
    private static final Pattern HEAP_BOUND = Pattern.compile("-Xmx\\d+|-XX:MaxRAMPercentage=\\d+");
    private static final Pattern MAX_HEAP_MEBIBYTES = Pattern.compile("-Xmx(\\d+)m\\b");
    /**
     * What the producer's JVM holds besides the heap, measured in its 256 MB container: class
     * metadata, JIT code, threads and malloc of Spring Boot with the OpenTelemetry agent, 110-130 MB.
     */
    private static final long PRODUCER_NON_HEAP_BYTES = 130L << 20;
    private static final String AGENT_BUILT_BY_MAVEN = "target/agent/opentelemetry-javaagent.jar";
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private static final ComposeFile COMPOSE = ComposeFile.in(LabService.repositoryRoot());

    /** The image that runs the test suite with Docker alone: a JDK and Maven, not a lab image. */
    private static final String TEST_RUNNER = "tests";
    private static final String TEST_RUNNER_IMAGE = "maven:3.9-eclipse-temurin-25";

    /** Every image of the lab Compose builds: the two services and the lab command. */
    static List<Service> builtImages() {
        return COMPOSE.services().stream()
                .filter(service -> service.dockerfile().isPresent())
                .filter(service -> !service.name().equals(TEST_RUNNER))
                .toList();
    }

    /** The built images that run as services of the lab: health, ports, memory and traces apply to them. */
    static List<Service> builtServices() {
        return builtImages().stream().filter(Service::startedByUp).toList();
    }

    private static Dockerfile dockerfileOf(Service service) {
        return Dockerfile.read(service.dockerfile().orElseThrow());
    }

    @Test
    void composeBuildsBothServicesAndTheLabCommand() {
        assertThat(builtServices()).extracting(Service::name).containsExactlyInAnyOrder("producer", "consumer");
        assertThat(builtImages()).extracting(Service::name).containsExactlyInAnyOrder("producer", "consumer", "lab");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtImages")
    void copiesEveryPomOfTheReactorBeforeItBuilds(Service service) {
        Stage build = dockerfileOf(service).stages().getFirst();
        Map<String, Path> context = BuildContext.files(service.buildContext().orElseThrow());

        for (String module : reactorModules()) {
            String pom = module + "/pom.xml";
            assertThat(build.arguments("COPY"))
                    .as("%s: Maven refuses a reactor with a module missing", service.name())
                    .anySatisfy(copy -> assertThat(copy).startsWith(pom + " "));
            assertThat(context).as(".dockerignore sends %s", pom).containsKey(pom);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtImages")
    void buildsFromPinnedImagesOnly(Service service) {
        Set<String> earlierStages = new HashSet<>();
        for (Stage stage : dockerfileOf(service).stages()) {
            if (!earlierStages.contains(stage.baseImage())) {
                assertThat(ImageReference.isPinned(stage.baseImage()))
                        .as("%s: FROM %s names a version", service.name(), stage.baseImage())
                        .isTrue();
            }
            stage.alias().ifPresent(earlierStages::add);
        }
        assertThat(dockerfileOf(service).stages()).as("multi-stage: build, then a JRE-only image").hasSizeGreaterThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtImages")
    void runsOnTheJava25Jre(Service service) {
        assertThat(dockerfileOf(service).finalStage().baseImage()).startsWith(RUNTIME_IMAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtImages")
    void runsAsAnUnprivilegedUser(Service service) {
        assertThat(dockerfileOf(service).finalStage().last("USER"))
                .hasValueSatisfying(user -> assertThat(user).isNotIn(ROOT_USERS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtServices")
    void checksReadinessWithoutCurlOrWget(Service service) {
        String healthcheck = dockerfileOf(service).finalStage().last("HEALTHCHECK").orElseThrow();

        assertThat(healthcheck)
                .as("the eclipse-temurin JRE image has neither curl nor wget")
                .doesNotContainPattern(CURL_OR_WGET)
                .contains("/actuator/health/readiness")
                .contains("UP");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtServices")
    void exposesThePortComposePublishes(Service service) {
        List<String> published = service.ports().stream()
                .map(PortBinding::containerPort)
                .map(String::valueOf)
                .toList();

        assertThat(dockerfileOf(service).finalStage().arguments("EXPOSE")).containsExactlyElementsOf(published);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtServices")
    void endsTheJvmOnOutOfMemoryError(Service service) {
        String javaToolOptions = dockerfileOf(service).finalStage().environment().get("JAVA_TOOL_OPTIONS");

        assertThat(javaToolOptions)
                .contains("-XX:+ExitOnOutOfMemoryError")
                .containsPattern(HEAP_BOUND);
    }

    @Test
    void producerHeapLeavesTheRestOfItsMemoryLimitToTheJvm() {
        Service producer = COMPOSE.service("producer");
        String javaToolOptions = dockerfileOf(producer).finalStage().environment().get("JAVA_TOOL_OPTIONS");
        Matcher maxHeap = MAX_HEAP_MEBIBYTES.matcher(javaToolOptions);

        assertThat(maxHeap.find()).as("a fixed -Xmx<n>m in %s", javaToolOptions).isTrue();
        long heapBytes = Long.parseLong(maxHeap.group(1)) << 20;
        assertThat(heapBytes + PRODUCER_NON_HEAP_BYTES)
                .as("the heap fills, and the JVM says OutOfMemoryError, before the kernel kills the container")
                .isLessThanOrEqualTo(producer.memoryLimitBytes().orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtServices")
    void attachesTheAgentTheBuildCopiedNeverADownloadedOne(Service service) {
        Stage runtime = dockerfileOf(service).finalStage();
        Map<String, String> environment = runtime.environment();
        Matcher agent = JAVA_AGENT.matcher(environment.getOrDefault("JAVA_TOOL_OPTIONS", ""));

        assertThat(agent.find()).as("JAVA_TOOL_OPTIONS attaches a -javaagent").isTrue();
        assertThat(runtime.arguments("COPY"))
                .as("the agent at %s is copied from the Maven build's %s", agent.group(1), AGENT_BUILT_BY_MAVEN)
                .anySatisfy(copy -> assertThat(copy)
                        .contains(service.name() + "/" + AGENT_BUILT_BY_MAVEN)
                        .endsWith(" " + agent.group(1)));
        assertThat(dockerfileOf(service).allInstructions())
                .as("nothing is downloaded outside Maven")
                .noneMatch(DockerfileTest::downloads);
        assertThat(environment).containsEntry("OTEL_SERVICE_NAME", service.name());
    }

    @Test
    void theLabImageRunsTheCommandWithTheRepositorysExercisesBundled() {
        Service lab = COMPOSE.service("lab");
        Dockerfile dockerfile = dockerfileOf(lab);
        Map<String, Path> context = BuildContext.files(lab.buildContext().orElseThrow());

        assertThat(dockerfile.stages().getFirst().arguments("COPY")).as("the jar bundles them as resources")
                .contains("exercises exercises", "lab/src/main lab/src/main");
        assertThat(context).as(".dockerignore sends the command's sources and the exercises")
                .containsKeys("exercises/04-bounded-queue.yaml", "lab/src/main/java/lab/backpressure/lab/cli/Lab.java");
        assertThat(dockerfile.finalStage().arguments("COPY"))
                .contains("--from=build /workspace/lab/target/lab.jar /app/lab.jar");
        assertThat(dockerfile.finalStage().last("ENTRYPOINT")).contains("[\"java\", \"-jar\", \"/app/lab.jar\"]");
        assertThat(dockerfile.finalStage().last("HEALTHCHECK")).as("a command that exits has no health")
                .contains("NONE");
        assertThat(dockerfile.finalStage().arguments("EXPOSE")).isEmpty();
        assertThat(dockerfile.allInstructions()).as("nothing is downloaded outside Maven")
                .noneMatch(DockerfileTest::downloads);
    }

    /**
     * JFreeChart draws {@code lab run --chart} and the tests' charts with AWT, which lays out no text without
     * fontconfig and a font: the lab command's image and the test runner's.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lab", TEST_RUNNER})
    void theImagesThatDrawChartsHaveAFont(String service) {
        assertThat(dockerfileOf(COMPOSE.service(service)).finalStage().arguments("RUN"))
                .as("%s's last stage installs fontconfig and a font (\"Fontconfig head is null\" without)", service)
                .anyMatch(run -> run.contains("fontconfig") && run.contains("fonts-dejavu-core"));
    }

    @Test
    void theTestImageRunsTheSuiteAsCiDoesWithDebiansPrometheusOnACopyOfTheCheckout() {
        Service tests = COMPOSE.service(TEST_RUNNER);
        Dockerfile dockerfile = dockerfileOf(tests);

        assertThat(tests.profiles()).as("docker compose up leaves it out").containsExactly("tests");
        assertThat(dockerfile.stages()).singleElement()
                .satisfies(stage -> assertThat(stage.baseImage()).isEqualTo(TEST_RUNNER_IMAGE));
        assertThat(dockerfile.finalStage().arguments("RUN")).as("promtool and the server, as .ci/run installs them")
                .anySatisfy(run -> assertThat(run).contains("apt-get install").contains(" prometheus"));
        assertThat(dockerfile.finalStage().environment()).as("a missing promtool fails, as in CI")
                .containsEntry("CI", "true");
        assertThat(dockerfile.finalStage().last("CMD")).hasValueSatisfying(command -> assertThat(command)
                .contains("--exclude=target", "mvn -B -ntp verify"));
        assertThat(tests.bindMounts()).as("the checkout, read-only: the run writes into its own copy")
                .containsExactly(new ComposeFile.BindMount(LabService.repositoryRoot(), "/lab", true));
    }

    /** The modules of the root pom, each of which the reactor needs the pom of, whichever module it builds. */
    private static List<String> reactorModules() {
        try {
            Matcher module = MODULE.matcher(Files.readString(LabService.repositoryRoot().resolve("pom.xml")));
            List<String> modules = new java.util.ArrayList<>();
            while (module.find()) {
                modules.add(module.group(1).strip());
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean downloads(Instruction instruction) {
        return switch (instruction.keyword()) {
            case "RUN" -> CURL_OR_WGET.matcher(instruction.arguments()).find();
            case "ADD" -> instruction.arguments().contains("://");
            default -> false;
        };
    }
}
