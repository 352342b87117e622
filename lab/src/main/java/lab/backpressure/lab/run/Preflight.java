package lab.backpressure.lab.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import lab.backpressure.lab.measure.Expression;
import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.lab.scenario.Step;
import lab.backpressure.lab.scenario.Strategy;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Refuses a scenario that could not run to its end, before it changes anything: every step must POST to an endpoint
 * of its service ({@link Service#stepPaths()}); every settings step is sent to its service as a dry run
 * ({@code POST /admin/config?dry_run=true}), merged with the steps before it, so an unknown setting or a value out of
 * range is named with the line of the file; the books must balance in a real reading, every figure they need there;
 * and every status field an expectation reads must exist in it. The services own their settings' rules; this asks
 * rather than copies them.
 */
final class Preflight {

    private final LabClient lab;
    private final TimeScale scale;

    Preflight(LabClient lab, TimeScale scale) {
        this.lab = lab;
        this.scale = scale;
    }

    void check(Scenario scenario, List<Strategy> strategies) {
        List<List<Written>> runs = new ArrayList<>();
        if (strategies.isEmpty()) {
            runs.add(allSteps(scenario, Optional.empty()));
        }
        strategies.forEach(strategy -> runs.add(allSteps(scenario, Optional.of(strategy))));
        runs.forEach(Preflight::addressed);
        runs.forEach(this::dryRun);
        Sample reading = new Sample(0, lab.status(Service.PRODUCER), lab.status(Service.CONSUMER));
        Books.broken(reading.producer()).ifPresent(identity -> {
            throw new BooksBroken(identity);
        });
        for (var phase : scenario.phases()) {
            for (Expectation expectation : phase.expectations()) {
                expectation.that().ifPresent(that -> readable(scenario, expectation, that, reading));
            }
        }
    }

    /** A step and the file it is written in: a strategy's may be in a shared strategies file. */
    private record Written(Step step, Path file) {
    }

    private static List<Written> allSteps(Scenario scenario, Optional<Strategy> strategy) {
        List<Written> steps = new ArrayList<>();
        scenario.given().forEach(step -> steps.add(new Written(step, scenario.file())));
        strategy.ifPresent(chosen -> chosen.steps().forEach(step -> steps.add(new Written(step, chosen.file()))));
        scenario.steps().forEach(step -> steps.add(new Written(step, scenario.file())));
        return steps;
    }

    /** Every step POSTs to an endpoint of its service that a step may call: anything else would fail after the reset. */
    private static void addressed(List<Written> steps) {
        for (Written written : steps) {
            Step step = written.step();
            if (!step.service().stepPaths().contains(step.path())) {
                throw new ScenarioException(written.file(), step.line(), step.service().key(), step.path()
                        + " is not an endpoint of the " + step.service().key() + " a step can call; those are "
                        + String.join(", ", step.service().stepPaths()));
            }
        }
    }

    private void dryRun(List<Written> steps) {
        Map<Service, ObjectNode> merged = new EnumMap<>(Service.class);
        for (Written written : steps) {
            if (!written.step().changesSettings()) {
                continue;
            }
            Step step = scale.step(written.step());
            ObjectNode settings = merged.computeIfAbsent(step.service(), service -> JsonNodeFactory.instance.objectNode());
            settings.setAll(step.body().orElseThrow());
            try {
                lab.post(step.service(), "/admin/config?dry_run=true", Optional.of(settings));
            } catch (LabRefused refused) {
                throw refusal(written.file(), written.step(), refused);
            }
        }
    }

    private static ScenarioException refusal(Path file, Step step, LabRefused refused) {
        return new ScenarioException(file, step.line(),
                step.service().key() + " setting" + refused.field().map(field -> " " + field).orElse(""),
                "the " + step.service().key() + " refuses it (" + refused.status() + "): " + refused.reason());
    }

    /**
     * Only the first level is checked: deeper fields may belong to one queue mode and appear once it is active
     * (a missing one is then a miss that names it), but a misspelt section is a typo the learner should hear of now.
     */
    private static void readable(Scenario scenario, Expectation expectation, Expression that, Sample reading) {
        for (Expression.Field field : that.fields()) {
            if (!reading.of(field.service()).has(field.path().getFirst())) {
                throw new ScenarioException(scenario.file(), expectation.line(), "that", "the " + field.service()
                        + "'s /status has no section " + field.path().getFirst() + " (in " + field + ")");
            }
        }
    }
}
