package org.smalltolarge.selector.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRejected;
import org.smalltolarge.contracts.events.SelectionRejected;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.corpus.Corpora;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.selector.config.SelectorConfig;
import org.smalltolarge.selector.domain.Selection;
import org.smalltolarge.selector.domain.SelectionMethods;
import org.smalltolarge.selector.domain.SelectionPlan;
import org.smalltolarge.selector.repository.SelectionRepository;
import org.smalltolarge.selector.worker.SelectionPool;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;

/**
 * Turns a selection request into a stored selection (or a selection.rejected), and the other services'
 * announcements into its next steps. Replays change nothing: a selection is stored once under its id, and the
 * flags the announcements set are idempotent.
 */
@ApplicationScoped
public class SelectionIntake {
    private static final Logger LOG = Logger.getLogger(SelectionIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The trainer applies its own limits; these only keep an absurd study from being published. */
    private static final SpecLimits PLAN_LIMITS = new SpecLimits(Long.MAX_VALUE, Long.MAX_VALUE, 1 << 20, 100_000);
    private static final String DSDM_SUFFIX = "-dsdm";
    private static final String STUDY_SUFFIX = "-train";

    private final SelectorConfig config;
    private final SelectionRepository selections;
    private final EventPublisher events;
    private final Instance<SelectionPool> pool;
    private final Corpora corpora;

    public SelectionIntake(SelectorConfig config, SelectionRepository selections, EventPublisher events,
                           Instance<SelectionPool> pool) {
        this.config = config;
        this.corpora = new Corpora(Path.of(config.corpusDir()));
        this.selections = selections;
        this.events = events;
        this.pool = pool;
    }

    public Corpus corpus(String name) {
        return corpora.open(name);
    }

    /** Validates and stores a request (a replay of a known id is ignored); the work starts on a worker. */
    public void submit(SelectionRequested request) {
        if (selections.find(request.selectionId()).isPresent()) {
            LOG.infof("selection %s is already known; the request is a replay", request.selectionId());
            return;
        }
        try {
            SelectionPlan plan = SelectionPlan.resolve(request, corpus(request.corpus()));
            // the training study's scales and settings are known now; only its example lists come later
            List<FieldProblem> problems = trainingStudy(plan, List.of(SelectionMethods.random(plan, 0),
                    SelectionMethods.random(plan, 1))).problems();
            if (!problems.isEmpty()) {
                reject(request.selectionId(), problems);
                return;
            }
        } catch (RequestRejectedException e) {
            reject(request.selectionId(), e.problems());
            return;
        } catch (RuntimeException e) { // an unreadable corpus folder, for instance
            reject(request.selectionId(), List.of(new FieldProblem("corpus", String.valueOf(e.getMessage()))));
            return;
        }
        if (selections.insertIfAbsent(request)) {
            LOG.infof("selection %s received: %s, %d of the pool per selection", request.selectionId(),
                    request.methods(), request.size());
            pool.get().wake(request.selectionId());
        }
    }

    /** The training study of these selections as the trainer will see it: its document and its validation. */
    public TrainingStudy trainingStudy(SelectionPlan plan, List<Selection> made) {
        JsonNode spec = JSON.valueToTree(plan.studySpec(made));
        return new TrainingStudy(spec, StudySpecs.validate(spec, PLAN_LIMITS,
                corpus(plan.request().corpus()).domains()));
    }

    /** A training study's document and what validating it found. */
    public record TrainingStudy(JsonNode spec, Validation validation) {
        /** What the trainer would refuse, as rejection problems (empty when it is valid). */
        public List<FieldProblem> problems() {
            return validation.valid() ? List.of() : validation.errors().stream().map(e -> new FieldProblem("",
                    "the training study would be invalid at " + e.path() + ": " + e.reason())).toList();
        }
    }

    /** Answers with selection.rejected.v1. */
    public void reject(String id, List<FieldProblem> problems) {
        LOG.infof("selection %s rejected: %s", id, problems);
        events.publish(new SelectionRejected(id, problems, Instant.now()));
    }

    public void attributionCompleted(AttributionCompleted completed) {
        selectionOf(completed.attributionId(), DSDM_SUFFIX).ifPresent(id -> {
            if (selections.scoresReady(id)) {
                pool.get().wake(id);
            }
        });
    }

    public void attributionRejected(AttributionRejected rejected) {
        selectionOf(rejected.attributionId(), DSDM_SUFFIX).ifPresent(id -> failUnclaimed(id, "dsdm",
                "the attribution service rejected DsDm's attribution " + rejected.attributionId(), rejected.errors()));
    }

    public void studyAnalyzed(StudyAnalyzed analyzed) {
        if (!analyzed.complete()) {
            return;
        }
        selectionOf(analyzed.studyId(), STUDY_SUFFIX).ifPresent(id -> {
            if (selections.modelsReady(id)) {
                pool.get().wake(id);
            }
        });
    }

    public void studyRejected(StudyRejected rejected) {
        selectionOf(rejected.studyId(), STUDY_SUFFIX).ifPresent(id -> failUnclaimed(id, "training",
                "the trainer rejected the training study " + rejected.studyId(), rejected.errors()));
    }

    public void trainingFailed(TrainingFailed failed) {
        selectionOf(failed.studyId(), STUDY_SUFFIX).ifPresent(id -> failUnclaimed(id, "training",
                "run " + failed.runId() + " of " + failed.studyId() + " failed to train: " + failed.reason(),
                List.of()));
    }

    private void failUnclaimed(String id, String step, String reason, List<FieldProblem> details) {
        if (selections.failUnclaimed(id, reason + (details.isEmpty() ? "" : ": " + details))) {
            LOG.warnf("selection %s failed: %s", id, reason);
            List<FieldProblem> problems = details.isEmpty() ? List.of(new FieldProblem(step, reason))
                    : details.stream().map(p -> new FieldProblem(step, reason + ": " + p.path() + ": " + p.reason()))
                    .toList();
            events.publish(new SelectionRejected(id, problems, Instant.now()));
        }
    }

    /** The selection an attribution or study of ours belongs to, by its id's suffix (only if it is known). */
    private java.util.Optional<String> selectionOf(String otherId, String suffix) {
        if (!otherId.endsWith(suffix)) {
            return java.util.Optional.empty();
        }
        String id = otherId.substring(0, otherId.length() - suffix.length());
        return selections.find(id).map(s -> s.id());
    }
}
