package org.smalltolarge.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Talks to whatever servers TestServers resolves: here (no Docker, no env) the ones infra/servers.sh starts. */
@Tag("slow") // starts servers
class TestServersTest {

    @Test
    void kafkaRecordGoesThroughTheBroker() throws Exception {
        String bootstrap = TestServers.kafkaBootstrap();
        System.out.println(TestServers.description());
        String topic = "test-support-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();

        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            sent = producer.send(new ProducerRecord<>(topic, "key-1", value)).get(60, TimeUnit.SECONDS);
            if (TestServers.kafka().source().equals("project script")) {
                // infra/servers.sh creates topics on first use with 4 partitions so consumers can scale
                assertEquals(4, producer.partitionsFor(topic).size());
            }
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-support-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }

        assertEquals(1, received.size(), "records read back from " + topic);
        assertEquals("key-1", received.get(0).key());
        assertEquals(value, received.get(0).value());
        assertEquals(sent.partition(), received.get(0).partition());
        assertEquals(sent.offset(), received.get(0).offset());
    }

    @Test
    void mongoDocumentIsStoredAndReadBack() {
        String connectionString = TestServers.mongoConnectionString();
        System.out.println(TestServers.description());
        String id = UUID.randomUUID().toString();
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> things = client.getDatabase("test_support").getCollection("things");
            things.insertOne(new Document("_id", id).append("name", "probe").append("count", 3));

            Document back = things.find(new Document("_id", id)).first();

            assertNotNull(back, "document " + id + " not found after insert");
            assertEquals("probe", back.getString("name"));
            assertEquals(3, back.getInteger("count"));
            assertEquals(1, things.countDocuments(new Document("_id", id)));
        }
    }

    @Test
    void quarkusResourceHandsOverTheAddressesAndSwitchesDevServicesOff() {
        Map<String, String> config = new KafkaAndMongoResource().start();

        assertEquals(TestServers.kafkaBootstrap(), config.get("kafka.bootstrap.servers"));
        assertEquals(TestServers.mongoConnectionString(), config.get("quarkus.mongodb.connection-string"));
        assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
        assertEquals("false", config.get("quarkus.mongodb.devservices.enabled"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));
        String description = KafkaAndMongoResource.backendDescription();
        assertTrue(description.contains("Kafka=") && description.contains(TestServers.kafkaBootstrap()), description);
        assertTrue(description.contains("MongoDB=") && description.contains(TestServers.mongoConnectionString()),
                description);
    }
}
