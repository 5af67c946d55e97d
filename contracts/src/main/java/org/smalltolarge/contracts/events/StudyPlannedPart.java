package org.smalltolarge.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.events.StudyPlanned.PlannedRunSummary;

/**
 * One part of a study's plan (study.planned.v2). A plan of thousands of runs does not fit one Kafka record, so it
 * travels as {@code parts} events, each with the study's settings and a slice of its runs in plan order; the plan
 * is known once every part of it has arrived ({@link #assemble}). Parts of one plan share the study id and spec
 * digest, and the record key (the study id) keeps them in order in one partition.
 *
 * @param part  1-based number of this part
 * @param parts how many parts the plan has
 * @param runs  this part's runs, never empty
 * @param recommendMinCorrelation as {@link StudyPlanned#recommendMinCorrelation()}, repeated in every part
 */
public record StudyPlannedPart(String studyId, String specSha256, int part, int parts, String referenceScale,
        List<String> suites, int maxItemsPerSuite, List<PlannedRunSummary> runs, Instant plannedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double recommendMinCorrelation) implements Event {
    public StudyPlannedPart {
        Required.text("study_id", studyId);
        Required.text("spec_sha256", specSha256);
        if (parts < 1 || part < 1 || part > parts) {
            throw new IllegalArgumentException("part must be between 1 and parts, got part " + part + " of " + parts);
        }
        Required.text("reference_scale", referenceScale);
        Required.nonEmpty("suites", suites);
        Required.nonEmpty("runs", runs);
        Required.value("planned_at", plannedAt);
        suites = List.copyOf(suites);
        runs = List.copyOf(runs);
    }

    /** A part of the plan of a study that sets no analysis threshold. */
    public StudyPlannedPart(String studyId, String specSha256, int part, int parts, String referenceScale,
            List<String> suites, int maxItemsPerSuite, List<PlannedRunSummary> runs, Instant plannedAt) {
        this(studyId, specSha256, part, parts, referenceScale, suites, maxItemsPerSuite, runs, plannedAt, null);
    }

    @Override
    public String key() {
        return studyId;
    }

    @Override
    public String eventId() {
        return "study.planned:" + studyId + ":" + specSha256 + ":" + part + "-of-" + parts;
    }

    /**
     * Splits a plan into parts whose JSON payload stays within {@code maxPartBytes} (UTF-8), runs kept in plan
     * order and as many in each part as fit. Only a single run summary larger than the budget by itself makes a
     * part larger than that; it then travels alone.
     */
    public static List<StudyPlannedPart> split(StudyPlanned plan, int maxPartBytes) {
        // The fields every part repeats, measured on a part with the widest part numbers a plan can have.
        PlannedRunSummary first = plan.runs().get(0);
        int fixedBytes = bytes(new StudyPlannedPart(plan.studyId(), plan.specSha256(), Integer.MAX_VALUE,
                Integer.MAX_VALUE, plan.referenceScale(), plan.suites(), plan.maxItemsPerSuite(), List.of(first),
                plan.plannedAt(), plan.recommendMinCorrelation())) - bytes(first);
        List<List<PlannedRunSummary>> slices = new ArrayList<>();
        List<PlannedRunSummary> slice = new ArrayList<>();
        int sliceBytes = fixedBytes;
        for (PlannedRunSummary run : plan.runs()) {
            int runBytes = bytes(run) + 1; // and the comma before it
            if (!slice.isEmpty() && sliceBytes + runBytes > maxPartBytes) {
                slices.add(slice);
                slice = new ArrayList<>();
                sliceBytes = fixedBytes;
            }
            slice.add(run);
            sliceBytes += runBytes;
        }
        slices.add(slice);
        List<StudyPlannedPart> parts = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            parts.add(new StudyPlannedPart(plan.studyId(), plan.specSha256(), i + 1, slices.size(),
                    plan.referenceScale(), plan.suites(), plan.maxItemsPerSuite(), slices.get(i), plan.plannedAt(),
                    plan.recommendMinCorrelation()));
        }
        return parts;
    }

    /**
     * The plan that parts make up: every part from 1 to {@code parts}, each once (a repeated part must be identical,
     * as a redelivered one is), and all of them agreeing on the study's settings. Runs follow part order.
     *
     * @throws IllegalArgumentException naming the missing part or the field the parts disagree on
     */
    public static StudyPlanned assemble(Collection<StudyPlannedPart> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts");
        }
        StudyPlannedPart head = parts.iterator().next();
        Map<Integer, StudyPlannedPart> byNumber = new TreeMap<>();
        for (StudyPlannedPart p : parts) {
            agree(head, p, "study_id", StudyPlannedPart::studyId);
            agree(head, p, "spec_sha256", StudyPlannedPart::specSha256);
            agree(head, p, "parts", StudyPlannedPart::parts);
            agree(head, p, "reference_scale", StudyPlannedPart::referenceScale);
            agree(head, p, "suites", StudyPlannedPart::suites);
            agree(head, p, "max_items_per_suite", StudyPlannedPart::maxItemsPerSuite);
            agree(head, p, "planned_at", StudyPlannedPart::plannedAt);
            agree(head, p, "recommend_min_correlation", StudyPlannedPart::recommendMinCorrelation);
            StudyPlannedPart earlier = byNumber.putIfAbsent(p.part(), p);
            if (earlier != null && !earlier.equals(p)) {
                throw new IllegalArgumentException("study " + head.studyId() + ": two different parts numbered "
                        + p.part() + " of " + p.parts());
            }
        }
        List<PlannedRunSummary> runs = new ArrayList<>();
        for (int n = 1; n <= head.parts(); n++) {
            StudyPlannedPart p = byNumber.get(n);
            if (p == null) {
                throw new IllegalArgumentException("study " + head.studyId() + ": part " + n + " of " + head.parts()
                        + " is missing");
            }
            runs.addAll(p.runs());
        }
        return new StudyPlanned(head.studyId(), head.specSha256(), head.referenceScale(), head.suites(),
                head.maxItemsPerSuite(), runs, head.plannedAt(), head.recommendMinCorrelation());
    }

    private static void agree(StudyPlannedPart head, StudyPlannedPart other, String field,
            java.util.function.Function<StudyPlannedPart, Object> value) {
        if (!Objects.equals(value.apply(head), value.apply(other))) {
            throw new IllegalArgumentException("study " + head.studyId() + ": parts " + head.part() + " and "
                    + other.part() + " disagree on " + field + " (" + value.apply(head) + " vs " + value.apply(other) + ")");
        }
    }

    private static int bytes(Object value) {
        try {
            return EventJson.mapper().writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
