package lab.backpressure.lab.chart;

import java.awt.Color;

/**
 * Okabe and Ito's colour-blind-safe palette without its yellow, which is too pale on white, black last (the axes'
 * colour). Shared by the run's chart here and the benchmarks' charts in lab-tests, which depend on this module.
 */
public final class Palette {

    private Palette() {
    }

    /** The seven colours, in the order lines take them. */
    public static Color[] okabeIto() {
        return new Color[] {new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 158, 115),
                new Color(0, 114, 178), new Color(213, 94, 0), new Color(204, 121, 167), new Color(0, 0, 0)};
    }
}
