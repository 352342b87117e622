package lab.backpressure.labtests.benchmark.credit;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.benchmark.ConsumerSetting;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.benchmark.Pipeline;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.benchmark.ResultTable;
import lab.backpressure.labtests.benchmark.ResultsReport;
import lab.backpressure.labtests.benchmark.Verdict;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * {@code delivery_limit: credit} against {@code fixed} (today's default, two in flight) and {@code gradient2} (the
 * adaptive algorithm that did best in {@code DeliveryBenchmark}), in one run on the real jars: goodput ÷ capacity
 * at the consumer settings of issue 21's target (≥ 0.9 at 100 ms × 1, 20 ms × 1, 20 ms × 4 and 10 ms × 8), where
 * capacity is min(nominal, the consumer's own HTTP ceiling measured in the same run). Tagged {@code benchmark}: only
 * the {@code benchmark} Maven profile runs it. Writes benchmarks/results/credit.md and .csv; targets are reported,
 * not asserted. Windows: {@code lab.benchmark.credit.*-seconds}; the defaults take about four minutes.
 */
@Tag("benchmark")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CreditBenchmark {

    private static final int PAYLOAD_BYTES = 1024;
    private static final double MAX_PRODUCTION_RATE = 1000;
    private static final double OVERLOAD = 1.5;
    private static final List<ConsumerSetting> SETTINGS = List.of(ConsumerSetting.of(1, 100), ConsumerSetting.of(1, 20),
            ConsumerSetting.of(4, 20), ConsumerSetting.of(8, 10));
    private static final List<String> DELIVERY_LIMITS = List.of("fixed", "gradient2", "credit");
    /** The load client's connections per slot: one processed, one waiting, as credit grants for one slot. */
    private static final int CONNECTIONS_PER_SLOT = 2;
    private static final ConsumerSetting DRAIN = ConsumerSetting.of(8, 1);
    private static final double TARGET = 0.9;

    private static final Duration CEILING_RAMP_UP = Duration.ofSeconds(1);
    private static final Duration CEILING_WINDOW = seconds("ceiling", 3);
    private static final Duration SETTLE = seconds("settle", 3);
    private static final Duration WINDOW = seconds("window", 6);

    @Test
    void measureCredit() throws Exception {
        List<String> context = new ArrayList<>(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage()));
        Progress progress = new Progress(SETTINGS.size() * (1 + DELIVERY_LIMITS.size()));
        List<List<String>> rows = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        try (Pipeline lab = Pipeline.start(PAYLOAD_BYTES, DRAIN)) {
            lab.rest("start-up");
            for (ConsumerSetting setting : SETTINGS) {
                int connections = CONNECTIONS_PER_SLOT * setting.concurrency();
                progress.step("ceiling: consumer " + setting.label() + ", " + connections + " connections");
                double ceiling = lab.ceiling(setting, connections, CEILING_RAMP_UP, CEILING_WINDOW).processedPerSecond();
                double capacity = Math.min(setting.nominalPerSecond(), ceiling);
                double production = Math.min(MAX_PRODUCTION_RATE, OVERLOAD * setting.nominalPerSecond());
                for (String limit : DELIVERY_LIMITS) {
                    String where = "the pipeline at " + setting.label() + " with " + limit;
                    progress.step("goodput: consumer " + setting.label() + ", delivery_limit " + limit);
                    lab.rest("the step before " + where);
                    lab.consumerTo(setting, Pipeline.UNLIMITED_WAITING);
                    lab.producerTo(Pipeline.producing("drop_oldest", production, limit));
                    progress.phase("settling " + SETTLE.toSeconds() + " s, window " + WINDOW.toSeconds() + " s");
                    Thread.sleep(SETTLE);
                    Pipeline.Window window = lab.window(WINDOW, "in " + where);
                    double ratio = window.goodputPerSecond() / capacity;
                    rows.add(List.of(setting.label(), limit, number(setting.nominalPerSecond(), 0), number(ceiling, 1),
                            number(window.goodputPerSecond(), 1), number(ratio, 2),
                            number(window.goodputPerSecond() / setting.nominalPerSecond(), 2),
                            window.limitRange()));
                    System.out.println(rows.getLast());
                    if (limit.equals("credit")) {
                        verdicts.add(new Verdict("credit: goodput ≥ " + TARGET + " × capacity at " + setting.label(),
                                ratio >= TARGET, number(ratio, 2)));
                    }
                }
            }
            lab.rest("the last measurement");
            context.add("load average at end " + Machine.loadAverage() + ", run time " + progress.elapsed().toSeconds() + " s");
            context.add("JVM: " + Machine.jvm());
            context.add(("settings: payload_bytes %d; ceiling %d s after %d s ramp-up, %d connections per slot; settle %d s, "
                    + "window %d s (-Dlab.benchmark.credit.*-seconds); queue_mode drop_oldest, production 1.5 × nominal "
                    + "(at most 1000/s)").formatted(PAYLOAD_BYTES, CEILING_WINDOW.toSeconds(), CEILING_RAMP_UP.toSeconds(),
                    CONNECTIONS_PER_SLOT, SETTLE.toSeconds(), WINDOW.toSeconds()));
            context.add("capacity = min(nominal, ceiling); books balanced at each of " + lab.balancedRests() + " rests");
        }
        ResultTable table = new ResultTable("goodput", "Goodput by delivery limit", List.of("consumer", "delivery_limit",
                "nominal/s", "ceiling/s", "goodput/s", "goodput ÷ capacity", "goodput ÷ nominal", "limit min–max"), 2, rows);
        String verdictLines = verdicts.stream().map(verdict -> "- " + verdict.line()).reduce((a, b) -> a + "\n" + b)
                .orElseThrow();
        System.out.println(table.markdown() + "\n" + verdictLines);
        ResultsReport.write(LabService.repositoryRoot().resolve("benchmarks/results"), "credit",
                "# Credit-based delivery against fixed and gradient2\n\nWritten by `CreditBenchmark`; see docs/strategies.md.\n\n"
                        + ResultsReport.contextList(context) + "\n\n" + table.markdown() + "\n## Verdicts\n\n" + verdictLines + "\n",
                ResultTable.CSV_HEADER + "\n" + table.csv());
    }

    private static Duration seconds(String name, long defaultSeconds) {
        return Duration.ofSeconds(Long.getLong("lab.benchmark.credit." + name + "-seconds", defaultSeconds));
    }
}
