import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Prints benchmarks/quick-study.json for a finished study: wall time (given), training seconds (the trainer's
 * per-run train_seconds) and scoring seconds (the evaluator's claim-to-evaluated time per run), summed over runs.
 * Arguments: MONGO_URI STUDY_ID WALL_SECONDS SPEC_PATH.
 */
public class QuickStudyFigures {
    public static void main(String[] args) {
        String studyId = args[1];
        double wall = Double.parseDouble(args[2]);
        try (var client = MongoClients.create(args[0])) {
            MongoDatabase db = client.getDatabase("s2l");
            List<Document> runs = db.getCollection("runs").find(new Document("study_id", studyId)).into(new ArrayList<>());
            double train = 0;
            Set<String> distributions = new HashSet<>();
            Set<String> scales = new HashSet<>();
            for (Document run : runs) {
                train += ((Number) run.get("train_seconds", 0.0)).doubleValue();
                distributions.add(run.getString("distribution"));
                scales.add(run.getString("scale"));
            }
            double score = 0;
            for (Document e : db.getCollection("eval_runs").find(new Document("study_id", studyId))) {
                Date claimed = e.getDate("claimed_at");
                Date evaluated = e.getDate("evaluated_at");
                if (claimed != null && evaluated != null) {
                    score += (evaluated.getTime() - claimed.getTime()) / 1000.0;
                }
            }
            System.out.printf(java.util.Locale.ROOT, "{%n  \"study\": \"%s\",%n  \"spec\": \"%s\",%n  \"wall_s\": %.1f,%n"
                            + "  \"train_s\": %.1f,%n  \"score_s\": %.1f,%n  \"runs\": %d,%n  \"distributions\": %d,%n"
                            + "  \"scales\": %d,%n  \"note\": \"train_s and score_s are summed over runs (2 trainer workers and 1 evaluator worker run in parallel)\"%n}%n",
                    studyId, args[3], wall, train, score, runs.size(), distributions.size(), scales.size());
        }
    }
}
