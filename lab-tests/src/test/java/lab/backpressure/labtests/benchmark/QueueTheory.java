package lab.backpressure.labtests.benchmark;

/**
 * The two results of queueing theory a learner can check against the lab: Little's law and the blocking
 * probability of an M/M/1/K queue.
 */
public final class QueueTheory {

    private QueueTheory() {
    }

    /** Little's law: the mean number in a stable queue is the rate through it times the mean wait in it, L = λW. */
    public static double littlesQueue(double ratePerSecond, double meanWaitSeconds) {
        return ratePerSecond * meanWaitSeconds;
    }

    /**
     * The share of arrivals an M/M/1/K system turns away (Poisson arrivals at {@code arrivalRate}, exponential
     * service at {@code serviceRate}, room for {@code k} including the one in service):
     * P_K = (1 − ρ) ρ^K ÷ (1 − ρ^(K+1)), and 1 ÷ (K + 1) at ρ = 1. Above ρ = 1 it is computed as
     * (1 − 1/ρ) ÷ (1 − ρ^−(K+1)), the same value without overflowing ρ^K.
     */
    public static double mm1kBlocking(double arrivalRate, double serviceRate, int k) {
        if (k < 1 || serviceRate <= 0 || arrivalRate < 0) {
            throw new IllegalArgumentException("K ≥ 1 and positive rates, not K " + k + ", λ " + arrivalRate
                    + ", μ " + serviceRate);
        }
        double rho = arrivalRate / serviceRate;
        if (Math.abs(rho - 1) < 1e-9) {
            return 1.0 / (k + 1);
        }
        if (rho < 1) {
            return (1 - rho) * Math.pow(rho, k) / (1 - Math.pow(rho, k + 1));
        }
        double inverse = 1 / rho;
        return (1 - inverse) / (1 - Math.pow(inverse, k + 1));
    }
}
