package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.backpressure.producer.queue.TakenBatch;

/** Every {@link DeliveryPolicy} as one chain, the first in order outermost, around the consumer call. */
public final class DeliveryPolicies {

    private final List<DeliveryPolicy> chain;

    public DeliveryPolicies(List<DeliveryPolicy> chain) {
        this.chain = List.copyOf(chain);
    }

    void awaitPermission() throws InterruptedException {
        for (DeliveryPolicy policy : chain) {
            policy.awaitPermission();
        }
    }

    /** The lowest cap any policy puts on the backoff. */
    Duration longestBackoff() {
        return chain.stream().map(DeliveryPolicy::longestBackoff).min(Duration::compareTo)
                .orElse(DeliveryPolicy.NO_CAP);
    }

    /** The first verdict other than {@link Verdict#SEND}, in order; send if none. */
    Verdict admit(Attempt attempt) {
        for (DeliveryPolicy policy : chain) {
            Verdict verdict = policy.admit(attempt);
            if (!(verdict instanceof Verdict.Send)) {
                return verdict;
            }
        }
        return Verdict.SEND;
    }

    /** The backoff as each policy in turn shapes it. */
    Duration backoff(Duration capped) {
        Duration pause = capped;
        for (DeliveryPolicy policy : chain) {
            pause = policy.backoff(pause);
        }
        return pause;
    }

    DeliveryResult send(TakenBatch taken, DeliveryPolicy.Next call) throws InterruptedException {
        return link(0, call).send(taken);
    }

    private DeliveryPolicy.Next link(int index, DeliveryPolicy.Next call) {
        if (index == chain.size()) {
            return call;
        }
        DeliveryPolicy policy = chain.get(index);
        DeliveryPolicy.Next rest = link(index + 1, call);
        return taken -> policy.send(taken, rest);
    }

    public Map<String, Object> status() {
        Map<String, Object> fields = new LinkedHashMap<>();
        chain.forEach(policy -> fields.putAll(policy.status()));
        return fields;
    }
}
