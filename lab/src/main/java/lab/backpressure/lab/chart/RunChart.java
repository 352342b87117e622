package lab.backpressure.lab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import lab.backpressure.lab.measure.Expression;
import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.run.PhaseResult;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Expectation;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tools.jackson.databind.JsonNode;

/**
 * {@code lab run N --chart FILE.png}: the run's readings over time, one panel each for the queue against its bound,
 * the flow per second, the producer's memory against its heap limit, and the other fields the expectations read.
 * Phases are shaded and named; each phase's window (after its settle time, where its expectations are measured) is
 * banded. Time and rates are the handout's: a run {@code K} times faster is drawn as written, and says so.
 */
public final class RunChart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 900;
    /** Rates are over the readings of about this many seconds (handout's time), so one late reading does not spike. */
    private static final double RATE_SECONDS = 3;
    private static final Color[] SHADES = {new Color(0, 0, 0, 0), new Color(120, 120, 120, 40)};
    /** The expectations' window: a blue of the palette, faint enough for the lines to stay on top. */
    static final Color WINDOW = new Color(86, 180, 233, 45);
    private static final RectangleInsets LOWER_LABEL = new RectangleInsets(18, 2, 2, 2);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final BasicStroke LINE = new BasicStroke(1.8f);
    private static final BasicStroke LIMIT = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {8f, 4f}, 0f);
    /** The lines after the palette's seven colours (a limit is dashed whatever its colour). */
    private static final BasicStroke DOTTED = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {2f, 3f}, 0f);
    /** Drawn per panel already, in this order; an expectation reading one of them adds no panel line. */
    static final List<String> DRAWN = List.of("producer.queue.size", "producer.queue.max_size",
            "producer.totals.produced", "producer.totals.sent", "producer.totals.rejected", "producer.totals.dropped",
            "producer.process.heap_used_mb", "producer.process.heap_max_mb", "producer.queue.memory_mb");

    private RunChart() {
    }

    /** Draws {@code result}, run at {@code scale}, under {@code title}, as a PNG file. */
    public static void write(RunResult result, TimeScale scale, String title, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), draw(result, scale, title), WIDTH, HEIGHT);
    }

    static JFreeChart draw(RunResult result, TimeScale scale, String title) {
        List<Reading> readings = readings(result, scale);
        NumberAxis time = new NumberAxis(scale.speed() == 1 ? "seconds into the run"
                : "seconds into the run, as the handout writes them (run " + scale.speed()
                + " times faster: a second here took " + Math.round(1000.0 / scale.speed()) + " ms)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        // one legend for all panels: each line's colour and dash is its own across the chart
        int[] styles = {0};
        plot.add(panel("queue (items)", styles, List.of(
                line("queue size", readings, r -> number(r.producer().path("queue").path("size")), false),
                line("its bound (max_size)", readings, r -> number(r.producer().path("queue").path("max_size")), true))),
                3);
        plot.add(panel("items per second", styles, List.of(
                rate("produced", readings), rate("sent", readings), rate("rejected", readings),
                rate("dropped", readings))), 3);
        plot.add(panel("memory (MB)", styles, List.of(
                line("heap used", readings, r -> number(r.producer().path("process").path("heap_used_mb")), false),
                line("heap limit (heap_max_mb)", readings,
                        r -> number(r.producer().path("process").path("heap_max_mb")), true),
                line("held by queued items (queue.memory_mb)", readings,
                        r -> number(r.producer().path("queue").path("memory_mb")), false))), 2);
        List<Line> read = expectationFields(result, readings);
        if (!read.isEmpty()) {
            plot.add(panel("expectations read", styles, read), 2);
        }
        markPhases(plot, result, scale);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle("phases shaded and named; the blue band of each is the window its"
                + " expectations are measured over (after its settle time); rates per second as written"));
        return chart;
    }

    /** A reading at its time in the whole run, in the handout's seconds, in its phase. */
    record Reading(double seconds, String phase, JsonNode producer, JsonNode consumer) {

        /** A field such as {@code producer.queue.size}: missing if this reading has none. */
        JsonNode field(String service, List<String> path) {
            JsonNode node = "producer".equals(service) ? producer : consumer;
            for (String name : path) {
                node = node.path(name);
            }
            return node;
        }
    }

    static List<Reading> readings(RunResult result, TimeScale scale) {
        List<Reading> readings = new ArrayList<>();
        double start = 0;
        for (PhaseResult phase : result.phases()) {
            for (Sample sample : phase.samples()) {
                readings.add(new Reading((start + sample.seconds()) * scale.speed(), phase.phase().name(),
                        sample.producer(), sample.consumer()));
            }
            start += phase.phase().duration().toNanos() / 1e9;
        }
        return readings;
    }

    /** A panel's line; a limit (a bound the line beside it may reach) is drawn dashed. */
    private record Line(XYSeries series, boolean limit) {
    }

    /** A panel of {@code lines}, styled from {@code styles[0]} on, which it advances past its own. */
    private static XYPlot panel(String axis, int[] styles, List<Line> lines) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Boolean> limits = new ArrayList<>();
        for (Line line : lines) {
            // a figure the lab does not report (a bound in unbounded mode) has no line and no legend entry
            if (line.series().getItemCount() > 0) {
                data.addSeries(line.series());
                limits.add(line.limit());
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Color[] palette = Palette.okabeIto();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            int style = styles[0]++;
            renderer.setSeriesPaint(i, palette[style % palette.length]);
            renderer.setSeriesStroke(i, limits.get(i) ? LIMIT : style < palette.length ? LINE : DOTTED);
        }
        NumberAxis range = new NumberAxis(axis);
        range.setAutoRangeIncludesZero(true);
        XYPlot panel = new XYPlot(data, null, range, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
        panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return panel;
    }

    /** A figure of each reading; a reading without the figure (null) leaves a gap. */
    private static Line line(String name, List<Reading> readings, ToDoubleFunction<Reading> figure,
                             boolean limit) {
        XYSeries line = new XYSeries(name, false, true);
        boolean any = false;
        for (Reading reading : readings) {
            double y = figure.applyAsDouble(reading);
            any |= !Double.isNaN(y);
            line.add(reading.seconds(), Double.isNaN(y) ? null : Double.valueOf(y));
        }
        return new Line(any ? line : new XYSeries(name, false, true), limit);
    }

    private static Line rate(String total, List<Reading> readings) {
        return perSecond(total, readings, r -> r.producer().path("totals").path(total).asDouble());
    }

    /** The growth of a total per second (handout's), over the readings of the last {@link #RATE_SECONDS}. */
    private static Line perSecond(String name, List<Reading> readings, ToDoubleFunction<Reading> total) {
        XYSeries line = new XYSeries(name, false, true);
        int from = 0;
        for (int i = 1; i < readings.size(); i++) {
            Reading now = readings.get(i);
            while (from < i - 1 && now.seconds() - readings.get(from + 1).seconds() >= RATE_SECONDS) {
                from++;
            }
            Reading then = readings.get(from);
            double seconds = now.seconds() - then.seconds();
            if (seconds > 0) {
                line.add(now.seconds(), (total.applyAsDouble(now) - total.applyAsDouble(then)) / seconds);
            }
        }
        return new Line(line, false);
    }

    /**
     * The numeric fields the expectations read that no panel draws already: a total ({@code totals.*}) per second,
     * any other figure as read (a flag as 1 or 0). Text fields (the mode) have no line, and no panel if alone.
     */
    private static List<Line> expectationFields(RunResult result, List<Reading> readings) {
        List<Line> lines = new ArrayList<>();
        for (Expression.Field field : fieldsRead(result)) {
            ToDoubleFunction<Reading> value = reading -> {
                JsonNode node = reading.field(field.service(), field.path());
                return node.isBoolean() ? (node.booleanValue() ? 1 : 0) : number(node);
            };
            Line line = field.path().getFirst().equals("totals")
                    ? perSecond(field + " per second", readings, value) : line(field.toString(), readings, value, false);
            if (line.series().getItemCount() > 0) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The status fields the expectations read that no panel draws already ({@link #DRAWN}), in their order. */
    static Set<Expression.Field> fieldsRead(RunResult result) {
        Set<Expression.Field> fields = new LinkedHashSet<>();
        result.phases().stream().flatMap(phase -> phase.phase().expectations().stream())
                .map(Expectation::that).flatMap(Optional::stream)
                .forEach(expression -> expression.fields().stream()
                        .filter(field -> !DRAWN.contains(field.toString())).forEach(fields::add));
        return fields;
    }

    private static void markPhases(CombinedDomainXYPlot plot, RunResult result, TimeScale scale) {
        @SuppressWarnings("unchecked")
        List<XYPlot> panels = plot.getSubplots();
        double start = 0;
        for (int i = 0; i < result.phases().size(); i++) {
            PhaseResult phase = result.phases().get(i);
            double end = start + phase.phase().duration().toNanos() / 1e9 * scale.speed();
            double settled = start + phase.phase().settle().toNanos() / 1e9 * scale.speed();
            for (XYPlot panel : panels) {
                IntervalMarker shade = new IntervalMarker(start, end, SHADES[i % SHADES.length]);
                if (panel == panels.getFirst()) {
                    shade.setLabel(phase.phase().name());
                    shade.setLabelFont(LABEL);
                    shade.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                    shade.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                    if (i % 2 == 1) {
                        shade.setLabelOffset(LOWER_LABEL);
                    }
                }
                panel.addDomainMarker(shade, Layer.BACKGROUND);
                if (!phase.phase().expectations().isEmpty()) {
                    IntervalMarker window = new IntervalMarker(settled, end, WINDOW);
                    if (panel == panels.getLast()) {
                        int checks = phase.phase().expectations().size();
                        window.setLabel(checks + (checks == 1 ? " expectation" : " expectations") + " checked here");
                        window.setLabelFont(LABEL);
                        window.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
                        window.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                    }
                    panel.addDomainMarker(window, Layer.BACKGROUND);
                }
            }
            start = end;
        }
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : Double.NaN;
    }
}
