package lab.backpressure.labtests.benchmark.strategy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.support.CompressedStart;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;

/**
 * The lab a strategy comparison runs on: both jars started by the one launcher ({@link Lab}), time-compressed as the exercise
 * walkthroughs start them ({@link CompressedStart}: every time and rate setting at its handout default scaled, the
 * producer's delivery timeout and backoff with them), so that a reset puts them back where a compressed scenario
 * expects them, with no time left at the handout's length; the engine's client to them; and what the engine does
 * not read: the Prometheus scrapes, the producer's live heap after a full collection, and whether both still run.
 */
final class ComparisonServices implements AutoCloseable {

    static final TimeScale SPEED = new TimeScale(5);
    /** Room for the unbounded queue of the standard scenario (about 250 MiB of items at its peak), and no more. */
    private static final String HEAP = "-Xmx768m";
    private static final Duration GC_TIMEOUT = Duration.ofSeconds(30);
    private static final double MIB = 1024 * 1024;

    private final Lab lab;
    private final ServiceProcess producer;
    private final LabClient client;

    private ComparisonServices(Lab lab) {
        this.lab = lab;
        this.producer = lab.producer();
        this.client = new LabClient(lab.endpoints());
    }

    /** Both started at once to overlap their start-ups; the producer delivers as soon as its consumer is ready. */
    static ComparisonServices start() {
        return new ComparisonServices(Lab.start(CompressedStart.consumer(SPEED).jvmOption(HEAP),
                CompressedStart.producer(SPEED).jvmOption(HEAP)));
    }

    LabClient client() {
        return client;
    }

    ServiceProcess consumer() {
        return lab.consumer();
    }

    Scrapes scrape() {
        return new Scrapes(PrometheusScrape.of(producer), PrometheusScrape.of(lab.consumer()));
    }

    /**
     * The producer's heap after a full collection (jcmd GC.run), in MiB: what its queue and everything else still
     * hold, without the garbage that makes heap used saw up and down.
     */
    double producerLiveHeapMib() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(producer.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(GC_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroyForcibly();
                requireAlive("during a full collection", null);
                throw new InvalidRun("jcmd " + producer.pid() + " GC.run did not succeed within " + GC_TIMEOUT);
            }
        } catch (IOException e) {
            throw new InvalidRun("could not run " + jcmd + " to measure the producer's live heap", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return PrometheusScrape.of(producer).sum("jvm_memory_used_bytes", "area=\"heap\"") / MIB;
    }

    /** An {@link InvalidRun} naming the service that died and its log; {@code cause} (may be null) is what showed it. */
    void requireAlive(String where, Throwable cause) {
        InvalidRun.requireAlive(lab, where, cause);
    }

    @Override
    public void close() {
        lab.close();
    }
}
