package lab.backpressure.lab.chart;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.run.PhaseResult;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioReader;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The run's chart, drawn from a small fixture of readings: two phases of 20 s (10 s settle), run five times faster,
 * so the readings span 8 s of the run and 40 s of the handout.
 */
class RunChartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TimeScale FIVE_TIMES = new TimeScale(5);
    /** Written rates: 10 items/s made, so 50/s in the compressed run. */
    private static final double PRODUCED_PER_SECOND = 10;

    @TempDir
    Path files;

    @Test
    void writesAPngOfTheChartsSizeThatIsNotBlank() throws IOException {
        Path file = files.resolve("run.png");

        RunChart.write(run(), FIVE_TIMES, "Exercise 99: a fixture", file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(RunChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(RunChart.HEIGHT);
        Color[] palette = Palette.okabeIto();
        assertThat(pixelsOf(image, palette[0])).as("the queue size, and the heap limit dashed").isGreaterThan(500);
        assertThat(pixelsOf(image, palette[2])).as("produced, 10/s all along").isGreaterThan(500);
        assertThat(pixelsOf(image, palette[3])).as("sent").isGreaterThan(500);
    }

    @Test
    void drawsTimeAndRatesAsTheHandoutWritesThemAndSaysHowFastItRan() throws IOException {
        JFreeChart chart = RunChart.draw(run(), FIVE_TIMES, "Exercise 99: a fixture");
        List<XYPlot> panels = panels(chart);

        assertThat(panels).hasSize(4);
        assertThat(chart.getXYPlot().getDomainAxis().getUpperBound()).isBetween(40.0, 42.0);
        assertThat(chart.getXYPlot().getDomainAxis().getLabel()).contains("run 5 times faster: a second here took 200 ms");
        XYSeriesCollection flow = (XYSeriesCollection) panels.get(1).getDataset();
        assertThat(flow.getSeries("produced").getMaxY()).isCloseTo(PRODUCED_PER_SECOND, within(0.5));
        XYSeriesCollection read = (XYSeriesCollection) panels.get(3).getDataset();
        assertThat(read.getSeries().stream().map(line -> ((XYSeries) line).getKey())).as("what the expectations read that no other panel draws")
                .containsExactly("consumer.capacity_per_second");
    }

    @Test
    void shadesThePhasesAndBandsEachExpectationsWindow() throws IOException {
        JFreeChart chart = RunChart.draw(run(), FIVE_TIMES, "Exercise 99: a fixture");
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(RunChart.WIDTH, RunChart.HEIGHT, info);
        // the memory panel: its lines stay low, so the middle of its height shows the background; half seconds
        // fall between the gridlines
        Rectangle2D area = info.getPlotInfo().getSubplotInfo(2).getDataArea();
        int y = (int) area.getCenterY();

        Color firstSettle = at(image, chart, area, 4.5, y);
        Color firstWindow = at(image, chart, area, 14.5, y);
        Color secondSettle = at(image, chart, area, 24.5, y);
        Color secondWindow = at(image, chart, area, 34.5, y);

        assertThat(firstSettle).as("the first phase: not shaded").isEqualTo(Color.WHITE);
        assertThat(firstWindow.getBlue()).as("its window banded blue").isGreaterThan(firstWindow.getRed() + 20);
        assertThat(secondSettle.getRed()).as("the second phase shaded grey").isLessThan(250)
                .isEqualTo(secondSettle.getBlue());
        assertThat(secondWindow.getBlue()).as("its window banded blue too").isGreaterThan(secondWindow.getRed() + 20);
    }

    private static Color at(BufferedImage image, JFreeChart chart, Rectangle2D area, double seconds, int y) {
        double x = chart.getXYPlot().getDomainAxis().valueToJava2D(seconds, area, RectangleEdge.BOTTOM);
        return new Color(image.getRGB((int) x, y));
    }

    @SuppressWarnings("unchecked")
    private static List<XYPlot> panels(JFreeChart chart) {
        return ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    }

    /**
     * A run five times faster: an unbounded queue growing by 5 items a second (written), then bounded at 100;
     * readings every 0.2 s of the run, each phase's seconds counted from its start as the runner counts them.
     */
    private RunResult run() throws IOException {
        Scenario scenario = ScenarioReader.read(files.resolve("99-fixture.yaml"), """
                title: a fixture
                phases:
                  - name: unbounded
                    duration: 20s
                    settle: 10s
                    check: true
                    expect:
                      - that: rate(producer.totals.produced)
                        between: [8, 12]
                        scale: rate
                        why: the generator makes its 10 items/s
                  - name: bounded at 100
                    duration: 20s
                    settle: 10s
                    expect:
                      - that: last(consumer.capacity_per_second)
                        at_least: 5
                        why: the consumer takes 10 items/s
                """);
        List<PhaseResult> phases = new ArrayList<>();
        double start = 0;
        for (Phase written : scenario.phases()) {
            Phase phase = FIVE_TIMES.phase(written);
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i <= 20; i++) {
                double seconds = i * 0.2;
                double handout = (start + seconds) * FIVE_TIMES.speed();
                samples.add(new Sample(seconds, producer(handout, start > 0), consumer()));
            }
            phases.add(new PhaseResult(phase, samples, samples, List.of()));
            start += phase.duration().toMillis() / 1000.0;
        }
        return new RunResult(scenario, Optional.empty(), phases);
    }

    private static ObjectNode producer(double handoutSeconds, boolean bounded) {
        ObjectNode status = JSON.createObjectNode();
        ObjectNode queue = status.putObject("queue");
        queue.put("mode", bounded ? "bounded" : "unbounded");
        queue.put("size", bounded ? 100 : Math.round(handoutSeconds * 5));
        if (bounded) {
            queue.put("max_size", 100);
        } else {
            queue.putNull("max_size");
        }
        queue.put("memory_mb", bounded ? 0.1 : handoutSeconds * 0.005);
        long produced = Math.round(handoutSeconds * PRODUCED_PER_SECOND);
        long sent = Math.round(handoutSeconds * 5);
        status.putObject("totals").put("produced", produced).put("sent", sent)
                .put("rejected", bounded ? Math.round((handoutSeconds - 20) * 5) : 0).put("dropped", 0);
        status.putObject("process").put("heap_used_mb", 40 + handoutSeconds / 4).put("heap_max_mb", 256);
        return status;
    }

    private static ObjectNode consumer() {
        return JSON.createObjectNode().put("capacity_per_second", 10);
    }

    private static long pixelsOf(BufferedImage image, Color colour) {
        long count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    count++;
                }
            }
        }
        return count;
    }
}
