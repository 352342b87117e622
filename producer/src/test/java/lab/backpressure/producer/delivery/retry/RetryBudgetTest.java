package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.delivery.Attempt;
import lab.backpressure.producer.delivery.Verdict;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The budget's arithmetic on a fake clock, and the policy's verdicts. */
class RetryBudgetTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final TakenBatch BATCH = new TakenBatch(List.of(new TakenItem(
            new WorkItem(1, 0, 0, WorkItem.NO_DEADLINE, ItemPriority.SHEDDABLE, "x"), 0, 0, "unbounded")));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void twentyPercentOfTenFirstAttemptsIsTwoRetries() {
        RetryBudget budget = new RetryBudget(20, 0, WINDOW, nanos::get);
        IntStream.range(0, 10).forEach(_ -> budget.deposit());

        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tryWithdraw()).as("a third retry is beyond 20 %").isFalse();
    }

    @Test
    void theFloorAllowsMinPerSecondTimesTheWindowWithoutAnyFirstAttempt() {
        RetryBudget budget = new RetryBudget(20, 1, WINDOW, nanos::get);

        long allowed = IntStream.range(0, 20).filter(_ -> budget.tryWithdraw()).count();

        assertThat(allowed).as("1/s over 10 s").isEqualTo(10);
    }

    @Test
    void depositsAndWithdrawalsExpireWithTheWindow() {
        RetryBudget budget = new RetryBudget(20, 0, WINDOW, nanos::get);
        IntStream.range(0, 10).forEach(_ -> budget.deposit());
        budget.tryWithdraw();
        advance(Duration.ofSeconds(9));
        assertThat(budget.balance()).as("one retry left, 9 s later").isEqualTo(RetryBudget.ONE_RETRY);

        advance(Duration.ofSeconds(1));

        assertThat(budget.balance()).as("all of it expired").isZero();
        assertThat(budget.tryWithdraw()).isFalse();
        IntStream.range(0, 5).forEach(_ -> budget.deposit());
        assertThat(budget.tryWithdraw()).as("five new first attempts earn one").isTrue();
    }

    @Test
    void aRetryBeyondTheBudgetIsRequeuedAndCountedOnceAndAResendDrawsNothing() {
        RetryBudgetPolicy policy = new RetryBudgetPolicy(TestSettings.of(
                new RetryBudgetPolicy.Budget("on", 50, 0)), nanos::get);

        assertThat(policy.admit(new Attempt(BATCH, 1, false, false))).isEqualTo(Verdict.SEND);
        assertThat(policy.admit(new Attempt(BATCH, 1, false, false))).isEqualTo(Verdict.SEND);
        assertThat(policy.admit(new Attempt(BATCH, 2, false, false))).as("two first attempts at 50 %: one retry")
                .isEqualTo(Verdict.SEND);
        Verdict denied = policy.admit(new Attempt(BATCH, 2, false, false));
        Verdict askedAgain = policy.admit(new Attempt(BATCH, 2, false, true));
        Verdict resend = policy.admit(new Attempt(BATCH, 2, true, false));

        assertThat(denied).isEqualTo(new Verdict.Requeue(Duration.ofMillis(RetryBudgetPolicy.RECHECK_MS)));
        assertThat(askedAgain).as("taken from the queue again, still beyond the budget").isInstanceOf(Verdict.Requeue.class);
        assertThat(policy.denied()).as("the denied retry once").isEqualTo(1);
        assertThat(resend).as("flow control, not a retry").isEqualTo(Verdict.SEND);
    }

    @Test
    void offSendsEveryRetry() {
        RetryBudgetPolicy policy = new RetryBudgetPolicy(TestSettings.of(
                new RetryBudgetPolicy.Budget("off", 0, 0)), nanos::get);

        assertThat(policy.admit(new Attempt(BATCH, 7, false, false))).isEqualTo(Verdict.SEND);
        assertThat(policy.denied()).isZero();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
