package lab.backpressure.lab.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import lab.backpressure.lab.measure.MeasureException;
import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
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
        return runPrepared(scenario, strategy, scenario.phases());
    }

    /**
     * What a learner does who follows the exercise's page up to its {@code lab check N} line: reset, the given
     * steps, every phase before the checked one as a run has them, then the checked phase's steps and its settle
     * time, so that a {@link #check} that follows watches the window the phase's expectations are written for.
     */
    public RunResult runToTheCheck(Scenario scenario) {
        preflight(scenario, List.of());
        int checked = checkedPhase(scenario);
        Phase written = scenario.phases().get(checked);
        List<Phase> phases = new ArrayList<>(scenario.phases().subList(0, checked));
        phases.add(new Phase(written.name() + ", its steps and settle time", written.settle(), Duration.ZERO,
                written.steps(), List.of(), true, written.line()));
        return runPrepared(scenario, Optional.empty(), phases);
    }

    private RunResult runPrepared(Scenario scenario, Optional<Strategy> strategy, List<Phase> phases) {
        reset();
        scenario.given().forEach(this::apply);
        strategy.ifPresent(chosen -> chosen.steps().forEach(this::apply));
        List<PhaseResult> results = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            results.add(runPhase(phases.get(i), i, phases.size()));
        }
        return new RunResult(scenario, strategy, List.copyOf(results));
    }

    /**
     * Checks the expectations of the phase where the lesson shows (the one the file marks {@code check: true})
     * against the lab as it is, changing nothing: a watch of that phase's window (at most {@code longest}), for a
     * learner who typed the curl commands up to the page's {@code lab check N} line.
     */
    public PhaseResult check(Scenario scenario, Duration longest) {
        Phase checked = scale.phase(scenario.phases().get(checkedPhase(scenario)));
        Duration window = checked.window().compareTo(longest) > 0 ? longest : checked.window();
        Phase watched = new Phase(checked.name(), window, Duration.ZERO, List.of(), checked.expectations(), true,
                checked.line());
        listener.phaseStarted(watched, 0, 1);
        List<Sample> samples = watch(watched);
        return new PhaseResult(watched, samples, samples, checks(watched, samples));
    }

    private static int checkedPhase(Scenario scenario) {
        return scenario.checkedPhase().orElseThrow(() -> new ScenarioException(scenario.file(),
                scenario.phases().getFirst().line(), "check", "no phase is marked check: true, so there is nothing"
                + " for lab check to check; lab run runs the whole scenario"));
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
        // Each reading half to one and a half intervals after the last, at random: readings in lock-step with a
        // cycle of the lab (a slowed consumer's take every 500 ms) would catch the same moment of it every time, and
        // the share of readings in which the generator waits, say, would be that moment's, not the share of time.
        for (long next = start; ; next = Math.min(next + Math.round(interval.toNanos()
                * (0.5 + ThreadLocalRandom.current().nextDouble())), start + length)) {
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
        Optional<String> prometheusMissing = phase.expectations().stream().anyMatch(e -> e.promql().isPresent())
                ? prometheusMissing() : Optional.empty();
        List<Check> checks = new ArrayList<>();
        for (Expectation expectation : phase.expectations()) {
            Check check = check(expectation, window, prometheusMissing);
            listener.checked(check);
            checks.add(check);
        }
        return List.copyOf(checks);
    }

    /** Why PromQL cannot be asked here, once per phase; empty when Prometheus answers. */
    private Optional<String> prometheusMissing() {
        if (lab.endpoints().prometheus().isEmpty()) {
            return Optional.of("none was given (--prometheus none)");
        }
        return lab.prometheusAnswers() ? Optional.empty()
                : Optional.of("none answers at " + lab.endpoints().prometheus().get());
    }

    /** From Prometheus where it answers, else from the {@code /status} form; skipped where there is neither. */
    private Check check(Expectation expectation, List<Sample> window, Optional<String> prometheusMissing) {
        Optional<String> skipped = prometheusMissing;
        if (prometheusMissing.isEmpty() && expectation.promql().isPresent()) {
            Optional<Double> value = lab.prometheus(expectation.promql().get());
            if (value.isPresent()) {
                return judged(expectation, value.get(), "prometheus");
            }
            skipped = Optional.of("its query has no series there");
        }
        if (expectation.that().isEmpty()) {
            return Check.skipped(expectation, skipped.orElseThrow());
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
