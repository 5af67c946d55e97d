package org.smalltolarge.trainer.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a dashboard of the training workers shows, on /q/metrics: {@code s2l_training_tokens_total} (its rate is the
 * process's training tokens/s) and, per worker slot, the last step's {@code s2l_training_loss} and
 * {@code s2l_training_tokens_per_second}. Slots, not runs, are the tags: a study has thousands of runs.
 */
final class TrainingMeters {
    private static final Counter TOKENS = Metrics.counter("s2l.training.tokens");
    private static final Map<String, AtomicLong> GAUGES = new ConcurrentHashMap<>();

    private TrainingMeters() {
    }

    static void trained(long tokens) {
        TOKENS.increment(tokens);
    }

    /** The latest step of the run {@code worker} (a "host-pid/slot" name) trains. */
    static void step(String worker, double loss, double tokensPerSecond) {
        String slot = worker.substring(worker.lastIndexOf('/') + 1);
        gauge("s2l.training.loss", slot).set(Double.doubleToLongBits(loss));
        gauge("s2l.training.tokens.per.second", slot).set(Double.doubleToLongBits(tokensPerSecond));
    }

    private static AtomicLong gauge(String name, String slot) {
        return GAUGES.computeIfAbsent(name + "/" + slot, key -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get())).tag("slot", slot)
                    .register(Metrics.globalRegistry);
            return bits;
        });
    }
}
