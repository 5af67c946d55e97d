package org.smalltolarge.kit.metrics;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * {@code s2l_items{collection, status}}: how many of a service's work items (runs, evaluations, attributions,
 * selections) are in each status, counted in MongoDB when scraped, at most once per {@link #MAX_AGE} whatever the
 * number of scrapers. While MongoDB is unreachable the gauges read NaN rather than a stale count.
 */
public final class ItemStatusGauges {
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    private final MongoCollection<Document> items;
    private final List<String> statuses;
    private Map<String, Double> counts = Map.of();
    private long countedAt;
    private boolean counted;

    private ItemStatusGauges(MongoCollection<Document> items, List<String> statuses) {
        this.items = items;
        this.statuses = List.copyOf(statuses);
    }

    /** Registers one gauge per status of {@code items} in the global registry, which Quarkus exports. */
    public static ItemStatusGauges register(MongoCollection<Document> items, List<String> statuses) {
        return register(Metrics.globalRegistry, items, statuses);
    }

    static ItemStatusGauges register(MeterRegistry registry, MongoCollection<Document> items, List<String> statuses) {
        ItemStatusGauges gauges = new ItemStatusGauges(items, statuses);
        String collection = items.getNamespace().getCollectionName();
        for (String status : gauges.statuses) {
            Gauge.builder("s2l.items", gauges, g -> g.count(status))
                    .description("work items by status, as stored in MongoDB")
                    .tags("collection", collection, "status", status).strongReference(true).register(registry);
        }
        return gauges;
    }

    synchronized double count(String status) {
        long now = System.nanoTime();
        if (!counted || now - countedAt > MAX_AGE.toNanos()) {
            Map<String, Double> fresh = new HashMap<>();
            try {
                for (String s : statuses) {
                    fresh.put(s, (double) items.countDocuments(Filters.eq("status", s)));
                }
            } catch (RuntimeException unreachable) {
                fresh.clear(); // NaN below: no count is better than a wrong one
            }
            counts = fresh;
            countedAt = now;
            counted = true;
        }
        return counts.getOrDefault(status, Double.NaN);
    }
}
