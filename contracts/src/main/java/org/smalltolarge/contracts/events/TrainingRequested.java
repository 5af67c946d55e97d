package org.smalltolarge.contracts.events;

import java.time.Instant;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/**
 * One model to train: everything a worker needs, so that it never reads the study itself.
 *
 * @param corpus "demo" or a path to a folder of JSONL files, as in the spec
 * @param role "proxy" or "reference"
 */
public record TrainingRequested(String runId, String studyId, String corpus, Distribution distribution, Scale scale,
        long seed, String role, TrainingSettings training, Instant requestedAt) implements Event {
    public TrainingRequested {
        Required.text("run_id", runId);
        Required.text("study_id", studyId);
        Required.text("corpus", corpus);
        Required.value("distribution", distribution);
        Required.value("scale", scale);
        Required.text("role", role);
        Required.value("training", training);
        Required.value("requested_at", requestedAt);
    }

    @Override
    public String key() {
        return runId;
    }

    @Override
    public String eventId() {
        return "training.requested:" + runId;
    }
}
