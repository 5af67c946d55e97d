package org.smalltolarge.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.Topics;

/** The study's side of Kafka: publish a request in CloudEvents binary mode, read a study's events back. */
public final class StudyBus {
    static final String SOURCE = "/study-cli";
    private static final List<String> FOLLOWED = List.of(Topics.STUDY_EVENTS, Topics.TRAINING_EVENTS,
            Topics.PREDICTIONS);

    private final String bootstrap;

    public StudyBus(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Publishes the event to its topic, keyed by its natural id, and waits for the broker's acknowledgement. */
    public void publish(Event event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(record(event, Instant.now())).get(45, TimeUnit.SECONDS);
        }
    }

    /** The record as the services' CloudEvents binary mode writes it: ce_* headers, JSON value, natural key. */
    static ProducerRecord<String, String> record(Event event, Instant time) {
        EventType type = EventType.of(event);
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), event.key(), EventJson.encode(event));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", event.eventId());
        header(record, "ce_type", type.type());
        header(record, "ce_source", SOURCE);
        header(record, "ce_subject", event.key());
        header(record, "ce_time", time.toString());
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A consumer of {@code topics} from their beginning, in a fresh group that commits nothing: it sees every record
     * and leaves no trace.
     */
    static KafkaConsumer<String, String> readerFromStart(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "s2l-cli-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // topics appear on first use; look for them again quickly while they do not exist yet
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }

    /**
     * Reads the study, training and prediction topics from the beginning (a fresh consumer group each time,
     * nothing committed) and hands every decodable event of this study to the listener until it says stop.
     */
    public static final class Follower implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final String studyId;

        public Follower(String bootstrap, String studyId) {
            this.consumer = readerFromStart(bootstrap, FOLLOWED);
            this.studyId = studyId;
        }

        /** Events of this study in the next poll; empty when nothing came within the timeout. */
        public List<Event> poll(Duration timeout) {
            List<Event> events = new ArrayList<>();
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
                    Event event = decode(r, studyId);
                    if (event != null) {
                        events.add(event);
                    }
                }
            } catch (WakeupException e) {
                // asked to stop (Ctrl-C): return what we have
            }
            return events;
        }

        /** Makes a blocked poll return at once (safe from another thread). */
        public void wakeup() {
            consumer.wakeup();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * The event in a record if it belongs to the study, else null. Keys are the study id or run ids
     * {@code <studyId>-<hash>}; the payload's study id decides, since one study's id may prefix another's.
     * Records that are not contract events (other producers, future types) are skipped.
     */
    static Event decode(ConsumerRecord<String, String> r, String studyId) {
        String key = r.key();
        if (key == null || !(key.equals(studyId) || key.startsWith(studyId + "-"))) {
            return null;
        }
        Header type = r.headers().lastHeader("ce_type");
        if (type == null || type.value() == null) { // a header without a value is no event either
            return null;
        }
        try {
            Event event = EventJson.decode(new String(type.value(), StandardCharsets.UTF_8), r.value());
            return studyId.equals(StudyState.studyOf(event)) ? event : null;
        } catch (MalformedEventException e) {
            return null;
        }
    }

    /**
     * A rejection of {@code id} among the records {@code consumer} returns now (polls once, half a second), decoded
     * as {@code type}; null when none came. Records that do not decode are not this program's to judge: skipped.
     */
    static <E extends Event> E rejection(KafkaConsumer<String, String> consumer, String id, EventType type) {
        E found = null;
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            Header header = r.headers().lastHeader("ce_type");
            if (id.equals(r.key()) && header != null && type.type().equals(
                    new String(header.value(), StandardCharsets.UTF_8))) {
                try {
                    found = EventJson.decode(type, r.value());
                } catch (MalformedEventException e) {
                    // keep waiting
                }
            }
        }
        return found;
    }
}
