package lab.backpressure.labtests.compose;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HealthCheck;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

import lab.backpressure.labtests.compose.ComposeFile.Healthcheck;
import lab.backpressure.labtests.compose.ComposeFile.PortBinding;
import lab.backpressure.labtests.compose.ComposeFile.Service;

/**
 * One service of docker-compose.yml run by Testcontainers the way Compose runs it: its image (built
 * from its Dockerfile and the repository-root context, or the pinned one), command, environment, read-only
 * mounts, memory limit, health check and service name on a shared network; ready once Docker
 * reports it healthy.
 */
final class ComposeServiceContainer {

    /** Generous: the first run builds the image with Maven inside Docker. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** Kept after the tests, so the next run reuses the build's layers instead of downloading again. */
    private static final String IMAGE_TAG = ":testcontainers";
    private static final String IMAGE_REPOSITORY = "backpressure-lab-";

    private ComposeServiceContainer() {
    }

    static GenericContainer<?> of(ComposeFile compose, String serviceName, Network network) {
        Service service = compose.service(serviceName);
        GenericContainer<?> container = service.dockerfile().isPresent()
                ? new GenericContainer<>(build(service))
                : new GenericContainer<>(DockerImageName.parse(service.image().orElseThrow()));
        container.withNetwork(network)
                .withNetworkAliases(serviceName)
                .withExposedPorts(service.ports().stream().map(PortBinding::containerPort).toArray(Integer[]::new))
                .withEnv(service.environment())
                .withCreateContainerCmdModifier(command -> limitsAndHealthcheck(service, command))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
        if (!service.command().isEmpty()) {
            container.withCommand(service.command().toArray(String[]::new));
        }
        service.bindMounts().forEach(mount -> container.withFileSystemBind(mount.hostPath().toString(),
                mount.containerPath(), mount.readOnly() ? BindMode.READ_ONLY : BindMode.READ_WRITE));
        return container;
    }

    private static ImageFromDockerfile build(Service service) {
        Path context = service.buildContext().orElseThrow();
        Path dockerfile = service.dockerfile().orElseThrow();
        String dockerfileInContext = context.relativize(dockerfile).toString().replace('\\', '/');
        ImageFromDockerfile image = new ImageFromDockerfile(
                IMAGE_REPOSITORY + service.name().toLowerCase(Locale.ROOT) + IMAGE_TAG, false);
        BuildContext.files(context).forEach(image::withFileFromPath);
        // Docker sends the Dockerfile even when .dockerignore leaves it out
        return image.withFileFromPath(dockerfileInContext, dockerfile)
                .withDockerfilePath(dockerfileInContext)
                // the host network lets Maven reach Maven Central also on engines whose bridge has no NAT
                .withBuildImageCmdModifier(command -> command.withNetworkMode("host"));
    }

    private static void limitsAndHealthcheck(Service service, CreateContainerCmd command) {
        service.memoryLimitBytes().ifPresent(bytes -> command.getHostConfig().withMemory(bytes));
        service.healthcheck().map(ComposeServiceContainer::dockerHealthcheck).ifPresent(command::withHealthcheck);
    }

    private static HealthCheck dockerHealthcheck(Healthcheck healthcheck) {
        HealthCheck docker = new HealthCheck().withTest(healthcheck.test()).withRetries(healthcheck.retries());
        healthcheck.interval().ifPresent(interval -> docker.withInterval(interval.toNanos()));
        healthcheck.timeout().ifPresent(timeout -> docker.withTimeout(timeout.toNanos()));
        healthcheck.startPeriod().ifPresent(startPeriod -> docker.withStartPeriod(startPeriod.toNanos()));
        return docker;
    }
}
