package org.smalltolarge.evaluator.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.domain.PlannedStudy;

/**
 * The layout of each planned study as the evaluator needs it (collection {@code eval_studies}, one document per
 * study): its runs, reference scale, suites and item limit. The first plan of a study id is kept; a redelivered
 * study.planned changes nothing. The same document records whether the complete analysis was published, so
 * exactly one worker publishes it. Plans that arrive in parts (study.planned.v2) are kept part by part in
 * {@code eval_plan_parts} until every part is there; only then does the study get its plan here.
 */
@ApplicationScoped
public class EvalStudyRepository {
    private final MongoCollection<Document> studies;
    private final MongoCollection<Document> parts;

    public EvalStudyRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.studies = mongo.getDatabase(database).getCollection("eval_studies");
        this.parts = mongo.getDatabase(database).getCollection("eval_plan_parts");
        parts.createIndex(Indexes.ascending("study_id"));
    }

    /**
     * Keeps one part of a plan, once: a part delivered again changes nothing. Parts are grouped by study, spec
     * digest and part count, so parts of different plans of one study id never mix.
     */
    public void storePart(StudyPlannedPart part) {
        parts.updateOne(eq("_id", part.studyId() + ":" + part.specSha256() + ":" + part.part() + "-of-" + part.parts()),
                Updates.combine(
                        Updates.setOnInsert("study_id", part.studyId()),
                        Updates.setOnInsert("spec_sha256", part.specSha256()),
                        Updates.setOnInsert("parts", part.parts()),
                        Updates.setOnInsert("part", part.part()),
                        Updates.setOnInsert("event", Document.parse(EventJson.encode(part))),
                        Updates.setOnInsert("received_at", new Date())), new UpdateOptions().upsert(true));
    }

    /** Forgets the parts of a plan once the plan is kept whole. */
    public void deleteParts(String studyId, String specSha256, int partCount) {
        parts.deleteMany(and(eq("study_id", studyId), eq("spec_sha256", specSha256), eq("parts", partCount)));
    }

    /** The spec digest of the plan kept for a study, without reading the plan: empty when the study has none. */
    public Optional<String> specSha256Of(String studyId) {
        return Optional.ofNullable(studies.find(eq("_id", studyId)).projection(new Document("spec_sha256", 1)).first())
                .map(d -> d.getString("spec_sha256"));
    }

    /** The stored parts of one plan (the study's, with that digest and part count), in part order. */
    public List<StudyPlannedPart> partsOf(String studyId, String specSha256, int partCount) {
        return parts.find(and(eq("study_id", studyId), eq("spec_sha256", specSha256), eq("parts", partCount)))
                .sort(Sorts.ascending("part"))
                .map(d -> EventJson.<StudyPlannedPart>decode(EventType.STUDY_PLANNED_PART,
                        d.get("event", Document.class).toJson()))
                .into(new ArrayList<>());
    }

    /** Stores the plan unless the study is known; true when this call stored it. */
    public boolean insertIfAbsent(StudyPlanned plan) {
        List<Document> runs = new ArrayList<>();
        for (StudyPlanned.PlannedRunSummary r : plan.runs()) {
            runs.add(new Document("run_id", r.runId()).append("distribution", r.distribution())
                    .append("scale", r.scale()).append("seed", r.seed()).append("role", r.role())
                    .append("parameters", r.parameters()).append("tokens", r.tokens()).append("flops", r.flops()));
        }
        return studies.updateOne(eq("_id", plan.studyId()), Updates.combine(
                Updates.setOnInsert("spec_sha256", plan.specSha256()),
                Updates.setOnInsert("reference_scale", plan.referenceScale()),
                Updates.setOnInsert("suites", plan.suites()),
                Updates.setOnInsert("max_items_per_suite", plan.maxItemsPerSuite()),
                Updates.setOnInsert("recommend_min_correlation", plan.recommendMinCorrelation()),
                Updates.setOnInsert("runs", runs),
                Updates.setOnInsert("planned_at", Date.from(plan.plannedAt())),
                Updates.setOnInsert("received_at", new Date())), new UpdateOptions().upsert(true))
                .getUpsertedId() != null;
    }

    public Optional<PlannedStudy> find(String studyId) {
        return Optional.ofNullable(studies.find(eq("_id", studyId)).first()).map(EvalStudyRepository::read);
    }

    private static PlannedStudy read(Document study) {
        List<PlannedRunRef> runs = new ArrayList<>();
        for (Document r : study.getList("runs", Document.class)) {
            runs.add(new PlannedRunRef(r.getString("run_id"), r.getString("distribution"), r.getString("scale"),
                    ((Number) r.get("seed")).longValue(), r.getString("role"),
                    ((Number) r.get("parameters")).longValue(), ((Number) r.get("tokens")).longValue(),
                    ((Number) r.get("flops")).doubleValue()));
        }
        return new PlannedStudy(study.getString("_id"), study.getString("spec_sha256"),
                study.getString("reference_scale"), study.getList("suites", String.class),
                study.getInteger("max_items_per_suite", 0), runs, study.containsKey("complete_analysis_published"),
                study.get("recommend_min_correlation") instanceof Number n ? n.doubleValue() : null);
    }

    /**
     * Claims the publication of the study's complete analysis: true for exactly one caller, unless an earlier
     * claim went stale without publishing (its worker died), which may then be taken over.
     */
    public boolean claimCompleteAnalysis(String studyId, Duration staleAfter) {
        Date now = new Date();
        Date staleBefore = Date.from(now.toInstant().minus(staleAfter));
        return studies.updateOne(and(eq("_id", studyId), exists("complete_analysis_published", false),
                        or(exists("complete_analysis_claimed_at", false),
                                lt("complete_analysis_claimed_at", staleBefore))),
                Updates.set("complete_analysis_claimed_at", now)).getModifiedCount() == 1;
    }

    public void markCompleteAnalysisPublished(String studyId) {
        studies.updateOne(eq("_id", studyId), Updates.set("complete_analysis_published", new Date()));
    }

    /**
     * Claims a live (partial) analysis over {@code evaluatedRuns} evaluated runs: true for one caller, when no
     * complete analysis is claimed or out, the last partial one covered fewer runs, and it is at least
     * {@code interval} old (so a study whose runs finish in a burst is analysed once per interval, not per run).
     */
    public boolean claimPartialAnalysis(String studyId, int evaluatedRuns, Duration interval) {
        Date now = new Date();
        Date due = Date.from(now.toInstant().minus(interval));
        return studies.updateOne(and(eq("_id", studyId), exists("complete_analysis_published", false),
                        exists("complete_analysis_claimed_at", false),
                        or(exists("partial_analysis_runs", false), lt("partial_analysis_runs", evaluatedRuns)),
                        or(exists("partial_analysis_at", false), lte("partial_analysis_at", due))),
                Updates.combine(Updates.set("partial_analysis_at", now),
                        Updates.set("partial_analysis_runs", evaluatedRuns))).getModifiedCount() == 1;
    }

    /** Studies whose complete analysis has not been published yet (for housekeeping). */
    public List<String> withoutCompleteAnalysis(int limit) {
        return studies.find(exists("complete_analysis_published", false)).limit(limit)
                .projection(new Document("_id", 1)).map(d -> d.getString("_id")).into(new ArrayList<>());
    }
}
