package org.smalltolarge.evaluator.repository;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.evaluator.analysis.SuitePredictions;

/**
 * Per-example predictions, one compact document per run and suite (collection {@code eval_predictions},
 * {@code _id = runId + "/" + suite}): parallel arrays of item ids, losses, right/wrong flags and (choice suites)
 * the chosen option, plus the suite's content hash. A document once written is never overwritten: scoring is
 * deterministic, and a redelivered or retried evaluation must not change what analyses were computed from.
 */
@ApplicationScoped
public class PredictionRepository {
    private final MongoCollection<Document> predictions;

    public PredictionRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.predictions = mongo.getDatabase(database).getCollection("eval_predictions");
        predictions.createIndex(Indexes.ascending("run_id"));
    }

    public static String idOf(String runId, String suite) {
        return runId + "/" + suite;
    }

    /** Stores one run's predictions on one suite unless they are stored already. */
    public void insertIfAbsent(String runId, String studyId, SuitePredictions p) {
        List<Double> losses = new ArrayList<>(p.size());
        for (double l : p.losses()) {
            losses.add(l);
        }
        List<Boolean> correct = null;
        if (p.correct() != null) {
            correct = new ArrayList<>(p.size());
            for (boolean c : p.correct()) {
                correct.add(c);
            }
        }
        List<Integer> chosen = null;
        if (p.chosen() != null) {
            chosen = new ArrayList<>(p.size());
            for (int c : p.chosen()) {
                chosen.add(c);
            }
        }
        List<Bson> fields = new ArrayList<>(List.of(
                Updates.setOnInsert("run_id", runId),
                Updates.setOnInsert("study_id", studyId),
                Updates.setOnInsert("suite", p.suite()),
                Updates.setOnInsert("content_hash", p.contentHash()),
                Updates.setOnInsert("kind", p.kind()),
                Updates.setOnInsert("chance", p.hasChance() ? p.chance() : null),
                Updates.setOnInsert("items", p.size()),
                Updates.setOnInsert("item_ids", p.itemIds()),
                Updates.setOnInsert("losses", losses),
                Updates.setOnInsert("correct", correct),
                Updates.setOnInsert("chosen", chosen),
                Updates.setOnInsert("context", p.context()),
                Updates.setOnInsert("items_cut", p.itemsCut()),
                Updates.setOnInsert("stored_at", new Date())));
        predictions.updateOne(eq("_id", idOf(runId, p.suite())), Updates.combine(fields),
                new UpdateOptions().upsert(true));
    }

    /** Every stored suite of the given runs: run id -> suite -> predictions. */
    public Map<String, Map<String, SuitePredictions>> ofRuns(Collection<String> runIds) {
        Map<String, Map<String, SuitePredictions>> byRun = new HashMap<>();
        for (Document d : predictions.find(in("run_id", runIds))) {
            byRun.computeIfAbsent(d.getString("run_id"), k -> new HashMap<>()).put(d.getString("suite"), read(d));
        }
        return byRun;
    }

    /** One run's stored predictions on one suite. */
    public java.util.Optional<SuitePredictions> find(String runId, String suite) {
        return java.util.Optional.ofNullable(predictions.find(eq("_id", idOf(runId, suite))).first())
                .map(PredictionRepository::read);
    }

    /** Every stored suite of one run, sorted by suite name. */
    public List<SuitePredictions> ofRun(String runId) {
        return predictions.find(eq("run_id", runId)).sort(Sorts.ascending("suite")).map(PredictionRepository::read)
                .into(new ArrayList<>());
    }

    /** Reads a stored document back into the analysis's input type. */
    private static SuitePredictions read(Document d) {
        List<Double> l = d.getList("losses", Double.class);
        double[] losses = new double[l.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = l.get(i);
        }
        boolean[] correct = null;
        List<Boolean> c = d.getList("correct", Boolean.class);
        if (c != null) {
            correct = new boolean[c.size()];
            for (int i = 0; i < correct.length; i++) {
                correct[i] = c.get(i);
            }
        }
        int[] chosen = null;
        List<Integer> k = d.getList("chosen", Integer.class);
        if (k != null) {
            chosen = k.stream().mapToInt(Integer::intValue).toArray();
        }
        Number chance = (Number) d.get("chance");
        return new SuitePredictions(d.getString("suite"), d.getString("content_hash"), d.getString("kind"),
                d.getList("item_ids", String.class), losses, correct, chance == null ? Double.NaN : chance.doubleValue(),
                chosen, d.getInteger("context"), d.getInteger("items_cut"));
    }
}
