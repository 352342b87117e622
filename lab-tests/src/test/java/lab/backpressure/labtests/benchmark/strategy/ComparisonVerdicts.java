package lab.backpressure.labtests.benchmark.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import lab.backpressure.lab.scenario.Strategy;
import lab.backpressure.labtests.benchmark.Verdict;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * The lab's targets for its strategies, each checked against what a strategy promises (its traits), one verdict
 * per strategy and target. The phases a target reads are found by what happened in them, not by their names:
 * the heaviest offered load at full capacity, a change of the consumer's capacity, the consumer failing every request. A
 * scenario without such a phase has no verdict for that target.
 */
final class ComparisonVerdicts {

    static final double ADAPTIVE_GOODPUT = 0.95;
    static final double ADAPTIVE_WAIT_PROCESSING_TIMES = 2;
    /**
     * In the handout's time; a run {@code speed} times faster grows the same leak {@code speed} times faster per
     * minute, so its bound is this times the speed.
     */
    static final double FLAT_HEAP_MIB_PER_MINUTE = 1;
    static final double SETTLING_SECONDS = 10;
    static final double SWEEP_GOODPUT = 0.9;
    /** Goodput under this share of capacity at the heaviest load is a collapse. */
    static final double COLLAPSED = 0.5;
    /** A capacity that moves more than this from one phase to the next is a step. */
    private static final double CAPACITY_STEP = 0.2;
    /** Offered loads within this share of each other are the same load. */
    private static final double SAME_LOAD = 0.95;
    /** A sweep: at least this many phases, each a different offered load, and no other trouble. */
    private static final int SWEEP_LEVELS = 3;
    private static final String UNBOUNDED = "unbounded";

    private ComparisonVerdicts() {
    }

    /**
     * A sweep is held to its own target, goodput at the heaviest load; every other scenario to the rest, whose
     * figures (heap slopes, settling, loss through an outage) need its longer phases.
     */
    static List<Verdict> of(List<Strategy> strategies, Map<String, List<PhaseFigures>> figures, int speed) {
        List<Verdict> verdicts = new ArrayList<>();
        double flatHeap = FLAT_HEAP_MIB_PER_MINUTE * speed;
        String heapBound = "< " + number(FLAT_HEAP_MIB_PER_MINUTE, 0) + " MiB/min of the handout's time, "
                + number(flatHeap, 0) + " in this run " + speed + " times faster";
        for (Strategy strategy : strategies) {
            List<PhaseFigures> phases = figures.get(strategy.name());
            PhaseFigures heaviest = overload(phases);
            if (sweep(phases)) {
                if (strategy.promises("adaptive") || strategy.promises("shedding") || strategy.name().equals(UNBOUNDED)) {
                    verdicts.add(sweepAtHeaviest(strategy, heaviest));
                }
                continue;
            }
            boolean overloaded = heaviest.offeredOfCapacity() > 1;
            if (strategy.promises("adaptive") && overloaded) {
                verdicts.add(adaptiveAtOverload(strategy, heaviest));
            }
            if (strategy.promises("bounded") && overloaded) {
                verdicts.add(new Verdict(strategy.name() + ": live heap flat (" + heapBound + ") at " + load(heaviest),
                        heaviest.heapSlopeMibPerMinute() < flatHeap, number(heaviest.heapSlopeMibPerMinute(), 2)
                        + " MiB/min"));
            }
            if (strategy.name().equals(UNBOUNDED) && overloaded) {
                verdicts.add(new Verdict("unbounded: live heap grows (not " + heapBound + ") at " + load(heaviest),
                        heaviest.heapSlopeMibPerMinute() >= flatHeap,
                        number(heaviest.heapSlopeMibPerMinute(), 1) + " MiB/min"));
            }
            if (strategy.promises("adaptive")) {
                capacitySteps(phases).forEach(step -> verdicts.add(new Verdict(strategy.name() + ": settles within "
                        + number(SETTLING_SECONDS, 0) + " s after " + step.phase(),
                        step.settlingSeconds() <= SETTLING_SECONDS, settled(step))));
            }
            if (strategy.promises("lossless")) {
                verdicts.add(lossless(strategy, phases));
            }
        }
        return List.copyOf(verdicts);
    }

    private static Verdict adaptiveAtOverload(Strategy strategy, PhaseFigures heaviest) {
        double waitBound = ADAPTIVE_WAIT_PROCESSING_TIMES * heaviest.processingSeconds();
        boolean met = heaviest.goodputOfCapacity() >= ADAPTIVE_GOODPUT && heaviest.queueWaitP99() <= waitBound;
        return new Verdict(strategy.name() + ": goodput ≥ " + ADAPTIVE_GOODPUT + " × capacity with queue wait p99 ≤ "
                + number(ADAPTIVE_WAIT_PROCESSING_TIMES, 0) + " × processing time at " + load(heaviest), met,
                "goodput " + number(heaviest.goodputOfCapacity(), 2) + " × capacity, queue wait p99 "
                        + milliseconds(heaviest.queueWaitP99()) + " against " + milliseconds(waitBound));
    }

    private static Verdict lossless(Strategy strategy, List<PhaseFigures> phases) {
        Map<String, Long> loss = phases.stream().flatMap(phase -> phase.lossByReason().entrySet().stream())
                .filter(reason -> !reason.getKey().equals("cleared"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, java.util.TreeMap::new));
        boolean outage = phases.stream().anyMatch(PhaseFigures::outage);
        return new Verdict(strategy.name() + ": nothing lost" + (outage ? ", the outage included" : ""),
                loss.values().stream().allMatch(count -> count == 0),
                loss.isEmpty() ? "0 lost" : loss.toString());
    }

    private static Verdict sweepAtHeaviest(Strategy strategy, PhaseFigures heaviest) {
        if (strategy.name().equals(UNBOUNDED)) {
            return new Verdict("unbounded: goodput collapses (< " + COLLAPSED + " × capacity) at " + load(heaviest),
                    heaviest.goodputOfCapacity() < COLLAPSED, number(heaviest.goodputOfCapacity(), 2) + " × capacity");
        }
        return new Verdict(strategy.name() + ": goodput ≥ " + SWEEP_GOODPUT + " × capacity at " + load(heaviest),
                heaviest.goodputOfCapacity() >= SWEEP_GOODPUT, number(heaviest.goodputOfCapacity(), 2) + " × capacity");
    }

    /** Phases whose consumer capacity moved by more than a fifth from the phase before. */
    static List<PhaseFigures> capacitySteps(List<PhaseFigures> phases) {
        List<PhaseFigures> steps = new ArrayList<>();
        for (int i = 1; i < phases.size(); i++) {
            double before = phases.get(i - 1).nominalPerSecond();
            if (Math.abs(phases.get(i).nominalPerSecond() - before) > CAPACITY_STEP * before) {
                steps.add(phases.get(i));
            }
        }
        return steps;
    }

    /** Only the offered load changes from phase to phase, over at least three levels. */
    static boolean sweep(List<PhaseFigures> phases) {
        return phases.size() >= SWEEP_LEVELS && phases.stream().noneMatch(PhaseFigures::outage) && capacitySteps(phases).isEmpty()
                && phases.stream().map(phase -> Math.round(phase.offeredOfCapacity() * 10)).distinct().count()
                == phases.size();
    }

    /**
     * The phase of the heaviest offered load at the consumer's full capacity, the first of equal ones: a phase
     * whose capacity halved offers more per unit of capacity, but its trouble is the capacity step.
     */
    static PhaseFigures overload(List<PhaseFigures> phases) {
        double full = phases.stream().mapToDouble(PhaseFigures::nominalPerSecond).max().orElseThrow();
        List<PhaseFigures> atFullCapacity = phases.stream().filter(phase -> !phase.outage()
                && phase.nominalPerSecond() >= (1 - CAPACITY_STEP) * full).toList();
        double highest = atFullCapacity.stream().mapToDouble(PhaseFigures::offeredOfCapacity).max().orElseThrow();
        return atFullCapacity.stream().filter(phase -> phase.offeredOfCapacity() >= SAME_LOAD * highest).findFirst()
                .orElseThrow();
    }

    private static String load(PhaseFigures phase) {
        return number(phase.offeredOfCapacity(), 1) + "× capacity (" + phase.phase() + ")";
    }

    private static String settled(PhaseFigures phase) {
        return Double.isNaN(phase.settlingSeconds()) ? "did not settle within the phase"
                : number(phase.settlingSeconds(), 1) + " s";
    }

    private static String milliseconds(double seconds) {
        return number(seconds * 1000, 0) + " ms";
    }
}
