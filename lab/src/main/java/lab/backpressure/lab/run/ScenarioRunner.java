package lab.backpressure.lab.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import lab.backpressure.lab.measure.MeasureException;
import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.lab.scenario.Step;
import lab.backpressure.lab.scenario.Strategy;

/**
 * Runs a scenario against a running lab: refuses it first if it could not run ({@link Preflight}), puts the lab
 * back to its start-up settings, applies the exercise's steps phase by phase, reads both services' {@code /status}
 * about every second while it watches, checks the books at every reading, and checks each phase's expectations
 * over its window. The same code drives {@code lab run}, the walkthrough tests and the benchmark.
 */
public final class ScenarioRunner {

    /** How often a watch reads both services in real time; a compressed run reads proportionally more often. */
    private static final Duration READING_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(200);

    private final LabClient lab;
    private final TimeScale scale;
    private final RunListener listener;

    public ScenarioRunner(LabClient lab, TimeScale scale, RunListener listener) {
        this.lab = lab;
        this.scale = scale;
        this.listener = listener;
    }

    /** Checks that every step and expectation of the scenario can run, under each of {@code strategies}. */
    public void preflight(Scenario scenario, List<Strategy> strategies) {
        new Preflight(lab, scale).check(scenario, strategies);
    }

    /** An exercise's run: preflight, reset, its given steps, then its phases. */
    public RunResult run(Scenario scenario) {
        preflight(scenario, List.of());
        return runPrepared(scenario, Optional.empty());
    }

    /**
     * One strategy's run of a scenario that has passed its preflight: reset, the given steps, the strategy's
     * settings, then the phases.
     */
    public RunResult runPrepared(Scenario scenario, Optional<Strategy> strategy) {
        reset();
        scenario.given().forEach(this::apply);
        strategy.ifPresent(chosen -> chosen.steps().forEach(this::apply));
        List<PhaseResult> results = new ArrayList<>();
        List<Phase> phases = scenario.phases();
        for (int i = 0; i < phases.size(); i++) {
            results.add(runPhase(phases.get(i), i, phases.size()));
        }
        return new RunResult(scenario, strategy, List.copyOf(results));
    }

    /**
     * Checks the last phase's expectations against the lab as it is, changing nothing: a watch of the phase's
     * window (at most {@code longest}), for a learner who typed the curl commands.
     */
    public PhaseResult check(Scenario scenario, Duration longest) {
        Phase last = scale.phase(scenario.phases().getLast());
        Duration window = last.window().compareTo(longest) > 0 ? longest : last.window();
        Phase watched = new Phase(last.name(), window, Duration.ZERO, List.of(), last.expectations(), last.line());
        listener.phaseStarted(watched, 0, 1);
        List<Sample> samples = watch(watched);
        return new PhaseResult(watched, samples, samples, checks(watched, samples));
    }

    /** Both services back to their start-up settings, and the queue emptied (what it held is counted as cleared). */
    public void reset() {
        lab.post(Service.CONSUMER, "/admin/reset", Optional.empty());
        lab.post(Service.PRODUCER, "/admin/reset", Optional.empty());
        lab.post(Service.PRODUCER, "/admin/clear-queue", Optional.empty());
    }

    public void apply(Step written) {
        Step step = scale.step(written);
        listener.applied(step, lab.post(step.service(), step.path(), step.body()));
    }

    private PhaseResult runPhase(Phase written, int index, int count) {
        Phase phase = scale.phase(written);
        listener.phaseStarted(phase, index, count);
        phase.steps().forEach(step -> listener.applied(step, lab.post(step.service(), step.path(), step.body())));
        List<Sample> samples = watch(phase);
        double settled = phase.settle().toNanos() / 1e9;
        List<Sample> window = samples.stream().filter(sample -> sample.seconds() >= settled).toList();
        return new PhaseResult(phase, samples, window, checks(phase, window));
    }

    private List<Sample> watch(Phase phase) {
        Duration interval = READING_INTERVAL.dividedBy(scale.speed());
        if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
            interval = SHORTEST_INTERVAL;
        }
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long length = phase.duration().toNanos();
        for (long next = start; ; next = Math.min(next + interval.toNanos(), start + length)) {
            sleepUntil(next);
            long elapsed = Math.min(System.nanoTime() - start, length);
            Sample sample = new Sample(elapsed / 1e9, lab.status(Service.PRODUCER), lab.status(Service.CONSUMER));
            Books.broken(sample.producer()).ifPresent(identity -> {
                throw new BooksBroken(identity);
            });
            samples.add(sample);
            listener.sampled(phase, sample, Duration.ofNanos(elapsed), phase.duration());
            if (elapsed >= length) {
                return List.copyOf(samples);
            }
        }
    }

    private List<Check> checks(Phase phase, List<Sample> window) {
        boolean prometheus = phase.expectations().stream().anyMatch(e -> e.promql().isPresent())
                && lab.prometheusAnswers();
        List<Check> checks = new ArrayList<>();
        for (Expectation expectation : phase.expectations()) {
            Check check = check(expectation, window, prometheus);
            listener.checked(check);
            checks.add(check);
        }
        return List.copyOf(checks);
    }

    private Check check(Expectation expectation, List<Sample> window, boolean prometheus) {
        if (prometheus && expectation.promql().isPresent()) {
            Optional<Double> value = lab.prometheus(expectation.promql().get());
            if (value.isPresent()) {
                return judged(expectation, value.get(), "prometheus");
            }
        }
        if (expectation.that().isEmpty()) {
            return new Check(expectation, null, "prometheus", Check.Outcome.SKIPPED);
        }
        try {
            return judged(expectation, expectation.that().get().evaluate(window), "status");
        } catch (MeasureException e) {
            return new Check(expectation, e.getMessage(), "status", Check.Outcome.MISS);
        }
    }

    private static Check judged(Expectation expectation, Object measured, String source) {
        return new Check(expectation, measured, source,
                expectation.bound().admits(measured) ? Check.Outcome.PASS : Check.Outcome.MISS);
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching the lab", e);
        }
    }
}
