package org.smalltolarge.evaluator.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;

/**
 * The latest analysis of each study (collection {@code eval_analyses}, one document per study id): the
 * {@link StudyAnalysis} as its snake_case JSON under {@code analysis}, replaced whole by each recomputation.
 * {@code final} marks an analysis without missing runs: a live partial one never replaces it.
 */
@ApplicationScoped
public class AnalysisRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoCollection<Document> analyses;

    public AnalysisRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.analyses = mongo.getDatabase(database).getCollection("eval_analyses");
    }

    public void save(StudyAnalysis analysis) {
        analyses.replaceOne(eq("_id", analysis.studyId()), document(analysis), new ReplaceOptions().upsert(true));
    }

    /**
     * Stores a live partial analysis unless an analysis without missing runs is stored already (a slow partial
     * one must not overwrite the final one that overtook it); true when stored.
     */
    public boolean savePartial(StudyAnalysis analysis) {
        try {
            analyses.replaceOne(and(eq("_id", analysis.studyId()), ne("final", true)), document(analysis),
                    new ReplaceOptions().upsert(true));
            return true;
        } catch (MongoWriteException e) {
            // the filter missed the final document, so the upsert ran into its _id
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static Document document(StudyAnalysis analysis) {
        return new Document("_id", analysis.studyId()).append("complete", analysis.complete())
                .append("final", analysis.missingRuns().isEmpty())
                .append("missing_runs", analysis.missingRuns().size()).append("updated_at", new Date())
                .append("analysis", Document.parse(toJson(analysis)));
    }

    /** The stored analysis as JSON, exactly as the analysis serialises. */
    public Optional<String> json(String studyId) {
        Document d = analyses.find(eq("_id", studyId)).first();
        return d == null ? Optional.empty() : Optional.of(d.get("analysis", Document.class).toJson());
    }

    public Optional<StudyAnalysis> find(String studyId) {
        return json(studyId).map(AnalysisRepository::fromJson);
    }

    /** The analysis as this repository serialises it (also to compare two analyses). */
    public static String toJson(StudyAnalysis analysis) {
        try {
            return JSON.writeValueAsString(analysis);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("analysis of " + analysis.studyId() + " does not serialise", e);
        }
    }

    static StudyAnalysis fromJson(String json) {
        try {
            return JSON.readValue(json, StudyAnalysis.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored analysis does not read back: " + e.getOriginalMessage(), e);
        }
    }
}
