package lab.backpressure.labtests.benchmark.overload;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The overload table as bar charts drawn by JFreeChart: one group per strategy, drop_expired off and on side by side. */
final class OverloadCharts {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 600;

    private OverloadCharts() {
    }

    /** A chart of {@code figure} for every row, from 0 to {@code top}; answers the file's name. */
    static String bars(Path directory, String name, String title, String axis, List<OverloadRow> rows,
                       ToDoubleFunction<OverloadRow> figure, double top) throws IOException {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        rows.forEach(row -> bars.addValue(figure.applyAsDouble(row), "drop_expired " + row.dropExpired(),
                row.strategy()));
        JFreeChart chart = ChartFactory.createBarChart(title, "strategy (overload.yaml: 1.2 × capacity, 200 ms deadline)",
                axis, bars, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setRange(0, top);
        Files.createDirectories(directory);
        String file = name + ".png";
        ChartUtils.saveChartAsPNG(directory.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
