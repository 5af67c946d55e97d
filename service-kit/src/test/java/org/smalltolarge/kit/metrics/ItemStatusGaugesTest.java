package org.smalltolarge.kit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.testsupport.TestServers;

@Tag("slow") // needs MongoDB
class ItemStatusGaugesTest {

    @Test
    void eachStatusIsCountedInTheCollection() {
        try (MongoClient mongo = MongoClients.create(TestServers.mongoConnectionString())) {
            String name = "gauges_" + UUID.randomUUID().toString().replace("-", "");
            MongoCollection<Document> items = mongo.getDatabase("service_kit_tests").getCollection(name);
            items.insertMany(List.of(new Document("status", "planned"), new Document("status", "planned"),
                    new Document("status", "running")));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ItemStatusGauges.register(registry, items, List.of("planned", "running", "completed"));

            assertEquals(2.0, registry.get("s2l.items").tags("collection", name, "status", "planned").gauge().value());
            assertEquals(1.0, registry.get("s2l.items").tags("collection", name, "status", "running").gauge().value());
            assertEquals(0.0, registry.get("s2l.items").tags("collection", name, "status", "completed").gauge()
                    .value());
        }
    }
}
