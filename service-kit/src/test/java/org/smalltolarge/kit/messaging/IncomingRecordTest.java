package org.smalltolarge.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.kit.messaging.IncomingRecord.RecordHeader;

/** Every kind of record a consumer may meet is either decoded or refused with a reason that says where. */
class IncomingRecordTest {
    private static final String FAILED_JSON = """
            {"run_id":"r1","study_id":"s","reason":"disk full","worker":"w/0","attempt":1,"failed_at":"2026-12-02T04:00:00Z"}""";

    private static List<RecordHeader> ceHeaders(String type) {
        List<RecordHeader> h = new ArrayList<>();
        h.add(new RecordHeader("ce_specversion", "1.0"));
        h.add(new RecordHeader("ce_id", "id-1"));
        h.add(new RecordHeader("ce_type", type));
        h.add(new RecordHeader("ce_source", "/s2l/test"));
        h.add(new RecordHeader("content-type", "application/json"));
        return h;
    }

    private static IncomingRecord record(String value, List<RecordHeader> headers) {
        return new IncomingRecord(Topics.TRAINING_EVENTS, "r1", value, headers);
    }

    private static String refusal(IncomingRecord r) {
        MalformedEventException e = assertThrows(MalformedEventException.class, r::event);
        assertTrue(e.getMessage().startsWith("record on s2l.training-events (key 'r1'): "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aValidBinaryModeEventIsDecoded() {
        IncomingRecord r = record(FAILED_JSON, ceHeaders("training.failed.v1"));
        assertTrue(r.claimsToBeEvent());
        assertEquals(EventType.TRAINING_FAILED, r.type());
        assertEquals("disk full", ((TrainingFailed) r.event()).reason());
    }

    @Test
    void theJsonLiteralNullIsRefused() {
        assertTrue(refusal(record("null", ceHeaders("training.failed.v1"))).contains("JSON literal null"));
    }

    @Test
    void aTombstoneOrBlankValueIsRefused() {
        assertTrue(refusal(record(null, ceHeaders("training.failed.v1"))).contains("empty payload"));
        assertTrue(refusal(record("  ", ceHeaders("training.failed.v1"))).contains("empty payload"));
    }

    @Test
    void aHeaderWithoutValueIsRefusedByName() {
        List<RecordHeader> h = ceHeaders("training.failed.v1");
        h.set(2, new RecordHeader("ce_type", null));
        String why = refusal(record(FAILED_JSON, h));
        assertTrue(why.contains("[ce_type] missing, without a value or blank"), why);
    }

    @Test
    void blankHeadersAndAnotherSpecVersionAreRefused() {
        List<RecordHeader> h = ceHeaders("training.failed.v1");
        h.set(1, new RecordHeader("ce_id", ""));
        h.set(3, new RecordHeader("ce_source", " "));
        assertTrue(refusal(record(FAILED_JSON, h)).contains("[ce_id, ce_source] missing, without a value or blank"));
        List<RecordHeader> v = ceHeaders("training.failed.v1");
        v.set(0, new RecordHeader("ce_specversion", "0.3"));
        assertTrue(refusal(record(FAILED_JSON, v)).contains("ce_specversion '0.3' is not 1.0"));
    }

    @Test
    void aFractionWhereTheContractSaysIntegerIsRefused() {
        String why = refusal(record(FAILED_JSON.replace("\"attempt\":1", "\"attempt\":1.5"),
                ceHeaders("training.failed.v1")));
        assertTrue(why.contains("training.failed.v1 payload at $.attempt"), why);
    }

    @Test
    void missingHeadersAreListed() {
        List<RecordHeader> h = new ArrayList<>(ceHeaders("training.failed.v1"));
        h.removeIf(x -> x.name().equals("ce_id") || x.name().equals("ce_source"));
        assertTrue(refusal(record(FAILED_JSON, h)).contains("[ce_id, ce_source] missing"));
    }

    @Test
    void structuredModeIsRefusedWhateverTheBody() {
        List<RecordHeader> h = List.of(new RecordHeader("content-type", "application/cloudevents+json; charset=UTF-8"));
        IncomingRecord r = record("this is { not json", h);
        assertTrue(r.claimsToBeEvent(), "a structured-mode content type claims to be an event");
        assertTrue(refusal(r).contains("structured-mode CloudEvent"));
    }

    @Test
    void unknownTypesAndTypesOfOtherTopicsAreRefused() {
        assertTrue(refusal(record(FAILED_JSON, ceHeaders("training.exploded.v9"))).contains("unknown ce_type"));
        assertTrue(refusal(record(FAILED_JSON, ceHeaders("study.planned.v1")))
                .contains("travels on s2l.study-events, not on this topic"));
    }

    @Test
    void aPayloadThatBreaksItsContractNamesTheField() {
        String why = refusal(record(FAILED_JSON.replace("\"disk full\"", "42.5e"), ceHeaders("training.failed.v1")));
        assertTrue(why.contains("training.failed.v1 payload"), why);
        String missing = refusal(record("{\"run_id\":\"r1\"}", ceHeaders("training.failed.v1")));
        assertTrue(missing.contains("training.failed.v1 payload"), missing);
    }

    @Test
    void aPlainRecordDoesNotClaimToBeAnEvent() {
        IncomingRecord plain = new IncomingRecord(Topics.STUDIES, null, "id: x", List.of());
        assertFalse(plain.claimsToBeEvent());
        assertTrue(plain.header("ce_type").isEmpty());
        assertThrows(MalformedEventException.class, plain::type);
    }

    @Test
    void theLastOfRepeatedHeadersWins() {
        List<RecordHeader> h = ceHeaders("study.planned.v1");
        h.add(new RecordHeader("ce_type", "training.failed.v1"));
        assertEquals(EventType.TRAINING_FAILED, record(FAILED_JSON, h).type());
    }
}
