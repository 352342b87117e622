package lab.backpressure.labtests.benchmark.strategy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison's charts over time, rendered from a small fixture of three strategies through two phases: a
 * 1200 × 600 PNG in which each strategy's line shows in its own palette colour, on a linear and a log axis; log
 * ticks close enough that a range within one decade gets several labels; and the timeline file the charts are
 * redrawn from read back as written.
 */
class ComparisonChartsTest {

    private static final int STRATEGIES = 3;

    @TempDir
    Path charts;

    @Test
    void drawsEachStrategyInItsOwnColourOnALinearAxis() throws IOException {
        BufferedImage image = render(false);

        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(600);
        IntStream.range(0, STRATEGIES).forEach(i -> assertThat(pixelsOf(image, ComparisonCharts.PALETTE[i]))
                .as("pixels in strategy %d's colour", i).isGreaterThan(200));
    }

    @Test
    void drawsEachStrategyInItsOwnColourOnALogAxis() throws IOException {
        BufferedImage image = render(true);

        IntStream.range(0, STRATEGIES).forEach(i -> assertThat(pixelsOf(image, ComparisonCharts.PALETTE[i]))
                .as("pixels in strategy %d's colour", i).isGreaterThan(200));
    }

    @Test
    void aRangeWithinOneDecadeGetsSeveralLogTicks() {
        XYSeries line = new XYSeries("p99");
        line.add(0, 0.12);
        line.add(1, 0.9);
        double step = ComparisonCharts.logTickStep(new XYSeriesCollection(line));

        double ticks = Math.floor(Math.log10(0.9) / step) - Math.ceil(Math.log10(0.12) / step) + 1;
        assertThat(ticks).as("labelled ticks between 0.12 and 0.9 at a step of 10^%s", step).isGreaterThanOrEqualTo(3);
        XYSeries wide = new XYSeries("queue");
        wide.add(0, 1);
        wide.add(1, 5000);
        assertThat(ComparisonCharts.logTickStep(new XYSeriesCollection(wide))).as("one per decade over 3.7").isEqualTo(1);
    }

    /** What the redraw reads ({@code StrategyComparisonBenchmark#redrawTheChartsOverTime}) is what a run wrote. */
    @Test
    void aTimelineCsvReadsBackAsTheTimelinesItWasWrittenFrom() {
        List<Timeline> written = fixture();

        List<Timeline> read = Timeline.fromCsv(ComparisonReport.timelineCsv(written));

        assertThat(read).isEqualTo(written);
        assertThat(Timeline.phaseNames(read)).containsExactly("baseline", "overload");
    }

    private BufferedImage render(boolean logarithmic) throws IOException {
        String file = ComparisonCharts.overTime(charts, "fixture-" + logarithmic, "Queue depth: a fixture",
                "items queued", fixture(), List.of("baseline", "overload"), Timeline.Point::queue, logarithmic);
        return ImageIO.read(charts.resolve(file).toFile());
    }

    /** Three strategies through a baseline and an overload, the last one with no p99 measured at the start. */
    private static List<Timeline> fixture() {
        List<Timeline> timelines = new ArrayList<>();
        for (int s = 0; s < STRATEGIES; s++) {
            List<Timeline.Point> points = new ArrayList<>();
            for (int t = 0; t <= 40; t++) {
                double level = (s + 1) * (t < 20 ? 2 : 10 + t);
                double p99 = s == STRATEGIES - 1 && t == 0 ? Double.NaN : level / 1000;
                points.add(new Timeline.Point(t, t < 20 ? "baseline" : "overload", (long) level, level, p99));
            }
            timelines.add(new Timeline("strategy " + s, points, List.of(0.0, 20.0), 40));
        }
        return timelines;
    }

    private static long pixelsOf(BufferedImage image, Color colour) {
        long count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }
}
