package lab.backpressure.labtests.benchmark.strategy;

import lab.backpressure.labtests.support.PrometheusScrape;

/** Both services' {@code /actuator/prometheus} read together, for the histograms and counters {@code /status} lacks. */
record Scrapes(PrometheusScrape producer, PrometheusScrape consumer) {
}
