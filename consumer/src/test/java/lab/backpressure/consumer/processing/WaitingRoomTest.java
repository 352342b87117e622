package lab.backpressure.consumer.processing;

import static lab.backpressure.consumer.processing.StartupProperties.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import lab.backpressure.support.settings.SettingsUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitingRoomTest {

    private final SettingsUpdater settings = new StartupProperties().settings(_ -> { });
    private final ProcessingLoad load = new ProcessingLoad();
    private final WaitingRoom room = new WaitingRoom(settings.settings(), load, new RejectionCost(settings.settings()));

    @Test
    void withoutMaxWaitingNothingIsShed() {
        IntStream.range(0, 10_000).forEach(i -> room.admit(Priority.SHEDDABLE));

        assertThat(room.shed()).isZero();
    }

    @Test
    void sheddableRequestsTakeMaxWaitingPlacesBeyondTheSlotsAndCriticalOnesTheReserveToo() {
        configure(2, 3, 2);
        IntStream.range(0, 2 + 3).forEach(i -> room.admit(Priority.SHEDDABLE));

        assertThatThrownBy(() -> room.admit(Priority.SHEDDABLE)).isInstanceOf(RequestShedException.class);
        room.admit(Priority.CRITICAL);
        room.admit(Priority.CRITICAL);
        assertThatThrownBy(() -> room.admit(Priority.CRITICAL)).isInstanceOf(RequestShedException.class);
        assertThat(room.shed(Priority.SHEDDABLE)).isEqualTo(1);
        assertThat(room.shed(Priority.CRITICAL)).isEqualTo(1);
        assertThat(room.shed()).isEqualTo(2);
    }

    @Test
    void aPlaceIsGivenBackOnceHoweverOftenItIsLeft() {
        configure(1, 0, 0);
        Admission first = room.admit(Priority.SHEDDABLE);
        first.leave();
        first.leave();

        room.admit(Priority.SHEDDABLE);
        assertThatThrownBy(() -> room.admit(Priority.SHEDDABLE)).isInstanceOf(RequestShedException.class);
    }

    @ParameterizedTest(name = "{0} waiting x ({2} + {1}) ms / {3} slots = Retry-After {4}")
    @CsvSource({
            "1, 1000, 0,   1, 1",
            "1, 1200, 300, 1, 2",
            "3, 1500, 0,   2, 3",
            "4, 100,  0,   1, 1",
            "0, 100,  0,   1, 1"})
    void retryAfterIsTheWorkAheadRoundedUpToWholeSeconds(int waiting, long processingMs, long overheadMs,
            int concurrency, long retryAfter) {
        settings.apply(json("""
                {"processing_time_ms": %d, "concurrency": %d, "request_overhead_ms": %d, "max_waiting": %d,
                 "critical_reserve": 0}""".formatted(processingMs, concurrency, overheadMs, waiting)));
        IntStream.range(0, concurrency + waiting).forEach(i -> room.admit(Priority.SHEDDABLE));

        assertThatThrownBy(() -> room.admit(Priority.SHEDDABLE))
                .isInstanceOfSatisfying(RequestShedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(retryAfter))
                .hasMessageStartingWith(waiting + " requests are waiting for a processing slot");
    }

    @Test
    void aBurstCannotSlipPastTheLimit() throws Exception {
        configure(1, 5, 0);
        List<Callable<Boolean>> arrivals = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> arrivals.add(() -> {
            try {
                room.admit(Priority.SHEDDABLE);
                return true;
            } catch (RequestShedException shed) {
                return false;
            }
        }));

        int admitted = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> arrival : threads.invokeAll(arrivals)) {
                admitted += arrival.get() ? 1 : 0;
            }
        }

        assertThat(admitted).isEqualTo(1 + 5);
        assertThat(room.shed()).isEqualTo(200 - 6);
    }

    private void configure(int concurrency, int maxWaiting, int criticalReserve) {
        settings.apply(json("{\"concurrency\": %d, \"max_waiting\": %d, \"critical_reserve\": %d}"
                .formatted(concurrency, maxWaiting, criticalReserve)));
    }
}
