package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import lab.backpressure.producer.delivery.Attempt;
import lab.backpressure.producer.delivery.DeliveryPolicy;
import lab.backpressure.producer.delivery.Verdict;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A retry budget ({@code retry_budget} {@code on|off}, see {@link RetryBudget}): retries may add at most
 * {@code retry_budget_percent} % to the first attempts of the last {@value #WINDOW_SECONDS} s, plus
 * {@code retry_budget_min_per_second}. A retry beyond the budget is not sent now: its item goes back to the tail of
 * the queue (nothing lost) and its worker, after a rest of {@value #RECHECK_MS} ms, takes other items, so first
 * attempts keep going out and earning the budget even while every retry is denied; the retry is asked for again
 * when the item is next taken. Each denied retry is counted once in {@code producer_retries_denied_total}, however
 * often it is asked for again. A resend the consumer asked for (a throttle with
 * {@code Retry-After}) is flow control, not a retry: it draws nothing. Off, nothing is counted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after max_attempts: an item given up draws nothing
public final class RetryBudgetPolicy implements DeliveryPolicy, MeterBinder {

    static final int WINDOW_SECONDS = 10;
    static final long RECHECK_MS = 100;
    private static final String ON = "on";

    /**
     * @param retryBudget             {@code on} or {@code off} (default)
     * @param retryBudgetPercent      0 … 100: retries allowed per 100 first attempts (Finagle's default 20)
     * @param retryBudgetMinPerSecond retries per second allowed however few first attempts there are; lab-sized 1
     *                                (Finagle's 10 suits a service with thousands of requests a second)
     */
    @ConfigurationProperties("lab.producer.delivery")
    public record Budget(
            @NotNull @Pattern(regexp = "on|off", message = "must be on or off") @DefaultValue("off")
            String retryBudget,
            @DecimalMin("0") @DecimalMax("100") @DefaultValue("20") double retryBudgetPercent,
            @DecimalMin("0") @DecimalMax("1000") @DefaultValue("1") double retryBudgetMinPerSecond)
            implements AdminSettings {

        boolean on() {
            return ON.equals(retryBudget);
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final AtomicLong denied = new AtomicLong();
    private RetryBudget budget;

    @Autowired
    public RetryBudgetPolicy(Settings settings) {
        this(settings, System::nanoTime);
    }

    RetryBudgetPolicy(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.budget = fresh();
    }

    @Override
    public synchronized Verdict admit(Attempt attempt) {
        if (!settings.get(Budget.class).on() || attempt.resend()) {
            return Verdict.SEND;
        }
        if (!attempt.retry()) {
            budget.deposit();
            return Verdict.SEND;
        }
        if (budget.tryWithdraw()) {
            return Verdict.SEND;
        }
        if (!attempt.requeued()) {
            denied.incrementAndGet();
        }
        return new Verdict.Requeue(Duration.ofMillis(RECHECK_MS));
    }

    long denied() {
        return denied.get();
    }

    @Override
    public synchronized Map<String, Object> status() {
        Budget chosen = settings.get(Budget.class);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("retry_budget", chosen.retryBudget());
        fields.put("retry_budget_percent", chosen.retryBudgetPercent());
        fields.put("retry_budget_min_per_second", chosen.retryBudgetMinPerSecond());
        fields.put("retry_budget_balance", (double) budget.balance() / RetryBudget.ONE_RETRY);
        fields.put("retries_denied", denied.get());
        return fields;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("producer.retries.denied", denied, AtomicLong::get)
                .description("Retries the retry budget denied (each once); their items went back to the queue")
                .register(registry);
    }

    /** New settings, or on/off: a fresh budget, holding its reserve only. */
    @EventListener
    synchronized void settingsChanged(SettingsChanged change) {
        if (change.changed(Budget.class)) {
            budget = fresh();
        }
    }

    private RetryBudget fresh() {
        Budget chosen = settings.get(Budget.class);
        return new RetryBudget(chosen.retryBudgetPercent(), chosen.retryBudgetMinPerSecond(),
                Duration.ofSeconds(WINDOW_SECONDS), nanoTime);
    }
}
