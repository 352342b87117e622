package lab.backpressure.labtests.benchmark.strategy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import lab.backpressure.lab.chart.Palette;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataItem;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The comparison's charts, drawn by JFreeChart as PNG: over time (one line per strategy, the phases shaded) and,
 * for a sweep, against offered load (one line per strategy, the capacity marked).
 */
final class ComparisonCharts {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 600;
    private static final Color[] SHADES = {new Color(0, 0, 0, 0), new Color(120, 120, 120, 40)};
    /** The lab's colour-blind-safe palette: seven colours, each drawn solid, dashed, then dotted: 21 lines apart. */
    static final Color[] PALETTE = Palette.okabeIto();
    private static final float[][] DASHES = {null, {8f, 4f}, {2f, 3f}};
    /** Every other phase label one line lower, so the labels of two short phases side by side do not overlap. */
    private static final RectangleInsets LOWER_LABEL = new RectangleInsets(18, 2, 2, 2);
    private static final Color CAPACITY = new Color(200, 0, 0);
    /** Room above the highest line or the capacity, whichever is higher. */
    private static final double HEADROOM = 1.1;
    private static final Font PHASE_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ComparisonCharts() {
    }

    /** A chart of {@code figure} over the run, one line per strategy; answers the file's name. */
    static String overTime(Path directory, String name, String title, String axis, List<Timeline> timelines,
                           List<String> phaseNames, ToDoubleFunction<Timeline.Point> figure, boolean logarithmic)
            throws IOException {
        XYSeriesCollection lines = new XYSeriesCollection();
        for (Timeline timeline : timelines) {
            XYSeries line = new XYSeries(timeline.strategy(), false, true);
            timeline.points().forEach(point -> add(line, point.seconds(), figure.applyAsDouble(point), logarithmic));
            lines.addSeries(line);
        }
        JFreeChart chart = chart(title, "seconds into each strategy's run (the lab's compressed time)", axis, lines,
                logarithmic);
        Timeline first = timelines.getFirst();
        for (int i = 0; i < first.phaseStarts().size(); i++) {
            double end = i + 1 < first.phaseStarts().size() ? first.phaseStarts().get(i + 1) : first.end();
            IntervalMarker phase = new IntervalMarker(first.phaseStarts().get(i), end, SHADES[i % SHADES.length]);
            phase.setLabel(phaseNames.get(i));
            phase.setLabelFont(PHASE_LABEL);
            phase.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            phase.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            if (i % 2 == 1) {
                phase.setLabelOffset(LOWER_LABEL);
            }
            chart.getXYPlot().addDomainMarker(phase, Layer.BACKGROUND);
        }
        return save(directory, name, chart);
    }

    /** A figure of each strategy's phases against their offered load, e.g. goodput ÷ capacity; answers the file's name. */
    static String againstLoad(Path directory, String name, String title, String axis,
                              Map<String, List<PhaseFigures>> byStrategy, ToDoubleFunction<PhaseFigures> figure,
                              boolean logarithmic, boolean capacityLine) throws IOException {
        XYSeriesCollection lines = new XYSeriesCollection();
        byStrategy.forEach((strategy, phases) -> {
            XYSeries line = new XYSeries(strategy, true, true);
            phases.forEach(phase -> add(line, phase.offeredOfCapacity(), figure.applyAsDouble(phase), logarithmic));
            lines.addSeries(line);
        });
        JFreeChart chart = chart(title, "offered load ÷ capacity", axis, lines, logarithmic);
        if (capacityLine) {
            ValueMarker capacity = new ValueMarker(1, CAPACITY, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            capacity.setLabel("capacity");
            capacity.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            capacity.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            chart.getXYPlot().addRangeMarker(capacity);
            // a marker does not widen the axis: the capacity must show even when every line stays under it
            double highest = lines.getSeries().stream().mapToDouble(line -> ((XYSeries) line).getMaxY())
                    .filter(y -> !Double.isNaN(y)).max().orElse(1);
            chart.getXYPlot().getRangeAxis().setRange(0, Math.max(1, highest) * HEADROOM);
        }
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
        return save(directory, name, chart);
    }

    /** A figure a logarithmic axis cannot show (0, or nothing measured) leaves a gap in the line. */
    private static void add(XYSeries line, double x, double y, boolean logarithmic) {
        line.add(x, Double.isNaN(y) || (logarithmic && y <= 0) ? null : Double.valueOf(y));
    }

    private static JFreeChart chart(String title, String xAxis, String yAxis, XYSeriesCollection lines,
                                    boolean logarithmic) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xAxis, yAxis, lines, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (logarithmic) {
            LogAxis axis = new LogAxis(yAxis + " (log scale)");
            axis.setSmallestValue(1e-3);
            // ticks a fixed step apart in powers of ten, labelled as plain numbers (1, 3.16, 10) rather than 10^0.5
            axis.setAutoTickUnitSelection(false);
            axis.setTickUnit(new NumberTickUnit(logTickStep(lines)));
            axis.setMinorTickMarksVisible(true);
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            plot.setRangeAxis(axis);
        }
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < lines.getSeriesCount(); i++) {
            float[] dash = DASHES[(i / PALETTE.length) % DASHES.length];
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, dash == null ? new BasicStroke(1.6f)
                    : new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, dash, 0f));
        }
        return chart;
    }

    /**
     * The step between log ticks, in powers of ten: one per decade when the lines span three or more, finer below,
     * so that a range within one decade still gets labelled ticks (one label per decade left it with a single one).
     */
    static double logTickStep(XYSeriesCollection lines) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (Object series : lines.getSeries()) {
            for (Object item : ((XYSeries) series).getItems()) {
                Number y = ((XYDataItem) item).getY();
                if (y != null && y.doubleValue() > 0) {
                    lowest = Math.min(lowest, y.doubleValue());
                    highest = Math.max(highest, y.doubleValue());
                }
            }
        }
        double decades = highest > 0 ? Math.log10(highest / lowest) : 0;
        return decades >= 3 ? 1 : decades >= 1 ? 0.5 : 0.2;
    }

    private static String save(Path directory, String name, JFreeChart chart) throws IOException {
        Files.createDirectories(directory);
        String file = name + ".png";
        ChartUtils.saveChartAsPNG(directory.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return file;
    }

    /** The phase names of a run, in order, for the shading's labels. */
    static List<String> phaseNames(StrategyRecord record) {
        List<String> names = new ArrayList<>();
        record.phases().forEach(phase -> names.add(phase.phase().name()));
        return names;
    }
}
