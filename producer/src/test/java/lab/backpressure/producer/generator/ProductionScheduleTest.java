package lab.backpressure.producer.generator;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule on a fake clock: nanoseconds are whatever the test says they are. */
class ProductionScheduleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 1_000 * SECOND;
    private static final ArrivalProcess EVEN = new ConstantArrivals();

    @Test
    void twoHundredPerSecondIsTwoHundredInOneSecondEvenWhenEveryWakeUpIsLate() {
        ProductionSchedule schedule = new ProductionSchedule(200, EVEN, START);
        int produced = 0;
        long now = START;

        // every sleep overshoots by 0.3 ms, as real sleeps do; the deadlines must not drift with it
        while (true) {
            now = Math.max(now, schedule.nextDeadline()) + MILLI * 3 / 10;
            if (now >= START + SECOND) {
                break;
            }
            schedule.produced(now, false);
            produced++;
        }

        assertThat(produced).isEqualTo(200);
        assertThat(schedule.nextDeadline()).isEqualTo(START + SECOND);
    }

    @Test
    void aHoldBackIsForgivenNotCaughtUp() {
        ProductionSchedule schedule = new ProductionSchedule(10, EVEN, START);
        schedule.produced(START, false);

        long releasedAt = START + 2 * SECOND;
        schedule.produced(releasedAt, true);

        assertThat(schedule.nextDeadline()).as("one period after the held-back item, not 19 overdue items")
                .isEqualTo(releasedAt + 100 * MILLI);
    }

    @Test
    void lateBeyondJitterIsForgivenLateWithinJitterIsCaughtUp() {
        ProductionSchedule jittered = new ProductionSchedule(1000, EVEN, START);
        jittered.produced(START + 5 * MILLI, false);
        assertThat(jittered.nextDeadline()).as("within the allowance the schedule keeps its anchor")
                .isEqualTo(START + MILLI);

        ProductionSchedule paused = new ProductionSchedule(1000, EVEN, START);
        long afterGcPause = START + 500 * MILLI;
        paused.produced(afterGcPause, false);
        assertThat(paused.nextDeadline()).isEqualTo(afterGcPause + MILLI);
    }

    @Test
    void aNewRateCountsFromTheLastItem() {
        ProductionSchedule slow = new ProductionSchedule(0.5, EVEN, START);
        slow.produced(START, false);
        assertThat(slow.nextDeadline()).isEqualTo(START + 2 * SECOND);

        ProductionSchedule fast = slow.withRate(100, START + 300 * MILLI);

        assertThat(fast.rate()).isEqualTo(100);
        assertThat(fast.nextDeadline()).isEqualTo(START + 10 * MILLI);
    }

    @Test
    void aNewRateBeforeTheFirstItemStartsNow() {
        ProductionSchedule fresh = new ProductionSchedule(1, EVEN, START).withRate(5, START + SECOND);

        assertThat(fresh.nextDeadline()).isEqualTo(START + SECOND);
    }
}
