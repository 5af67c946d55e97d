package org.smalltolarge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.TrainingCompleted;

class StudyBusTest {
    static final Instant T = Instant.parse("2026-11-27T20:00:00Z");

    static String header(ProducerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRequestIsACloudEventInBinaryModeKeyedByStudyId() throws Exception {
        StudyRequested request = new StudyRequested("quick-demo",
                new ObjectMapper().readTree("{\"id\":\"quick-demo\"}"), T, "test");
        ProducerRecord<String, String> r = StudyBus.record(request, T);
        assertEquals(Topics.STUDIES, r.topic());
        assertEquals("quick-demo", r.key());
        assertEquals("1.0", header(r, "ce_specversion"));
        assertEquals("study.requested.v1", header(r, "ce_type"));
        assertEquals(request.eventId(), header(r, "ce_id"));
        assertEquals("/study-cli", header(r, "ce_source"));
        assertEquals("2026-11-27T20:00:00Z", header(r, "ce_time"));
        assertEquals("application/json", header(r, "content-type"));
        assertEquals(request, EventJson.decode("study.requested.v1", r.value()));
    }

    static ConsumerRecord<String, String> consumed(Event event) {
        ProducerRecord<String, String> p = StudyBus.record(event, T);
        ConsumerRecord<String, String> c = new ConsumerRecord<>(p.topic(), 0, 0, p.key(), p.value());
        p.headers().forEach(h -> c.headers().add(h));
        return c;
    }

    @Test
    void onlyThisStudysDecodableEventsAreFollowed() {
        TrainingCompleted mine = new TrainingCompleted("quick-1a2b", "quick", "file:/c", "ab".repeat(32), 2, 2, 1, 1,
                6, 1, "cpu", T);
        // a study whose id has ours as a prefix: its run ids start with "quick-" too
        TrainingCompleted other = new TrainingCompleted("quick-demo-1a2b", "quick-demo", "file:/c", "ab".repeat(32),
                2, 2, 1, 1, 6, 1, "cpu", T);
        assertEquals(mine, StudyBus.decode(consumed(mine), "quick"));
        assertNull(StudyBus.decode(consumed(other), "quick"));
        assertEquals(other, StudyBus.decode(consumed(other), "quick-demo"));

        StudyPlannedPart part = new StudyPlannedPart("quick", "a".repeat(64), 2, 3, "ref", java.util.List.of("heldout"),
                100, java.util.List.of(new StudyPlanned.PlannedRunSummary("quick-1a2b", "d", "ref", 0, "reference", 1,
                        1, 6)), T);
        assertEquals(part, StudyBus.decode(consumed(part), "quick"), "a part of the study's plan is followed");
        assertNull(StudyBus.decode(consumed(part), "quick-demo"));

        ConsumerRecord<String, String> plainYaml = new ConsumerRecord<>(Topics.STUDY_EVENTS, 0, 0, "quick", "id: x");
        assertNull(StudyBus.decode(plainYaml, "quick"), "no ce_type header: not a contract event");
        ConsumerRecord<String, String> broken = consumed(mine);
        ConsumerRecord<String, String> garbled = new ConsumerRecord<>(broken.topic(), 0, 0, broken.key(), "{");
        broken.headers().forEach(h -> garbled.headers().add(h));
        assertNull(StudyBus.decode(garbled, "quick"), "a payload that breaks its schema is skipped");

        // records that once stopped the services' consumers are skipped here too
        ConsumerRecord<String, String> nullType = new ConsumerRecord<>(broken.topic(), 0, 0, broken.key(), "{}");
        nullType.headers().add("ce_type", null);
        assertNull(StudyBus.decode(nullType, "quick"), "a ce_type header without a value");
        ConsumerRecord<String, String> jsonNull = new ConsumerRecord<>(broken.topic(), 0, 0, broken.key(), "null");
        broken.headers().forEach(h -> jsonNull.headers().add(h));
        assertNull(StudyBus.decode(jsonNull, "quick"), "the JSON literal null");
    }
}
