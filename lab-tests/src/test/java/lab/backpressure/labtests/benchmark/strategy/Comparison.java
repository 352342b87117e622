package lab.backpressure.labtests.benchmark.strategy;

import java.util.List;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.labtests.benchmark.Calibration;

/** A scenario run against several strategies: what each did, the calibration, and the run's context lines. */
record Comparison(Scenario scenario, List<StrategyRecord> records, Calibration calibration, List<String> context) {
}
