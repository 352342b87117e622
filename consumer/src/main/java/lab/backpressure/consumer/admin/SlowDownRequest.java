package lab.backpressure.consumer.admin;

import lab.backpressure.support.problem.InvalidFieldException;

/** Body of {@code POST /admin/slow-down}: processing takes {@code factor} times longer (1 = normal). */
record SlowDownRequest(Double factor) {

    double requiredFactor() {
        if (factor == null) {
            throw new InvalidFieldException("factor", "factor is required");
        }
        return factor;
    }
}
