package lab.backpressure.labtests.benchmark.strategy;

import java.util.List;

import lab.backpressure.lab.scenario.Strategy;

/** One strategy's run of a scenario, phase by phase. */
record StrategyRecord(Strategy strategy, List<PhaseRecord> phases) {
}
