import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bson.Document;

/**
 * Prints benchmarks/quick-study.json for a finished study: wall time (given), training seconds (the trainer's
 * per-run train_seconds) and scoring seconds (the evaluator's claim-to-evaluated time per run), summed over runs,
 * and the study's statistical power as its stored analysis gives it: per test set and proxy scale the Pearson r
 * with its 95% bootstrap interval, the median interval width, and the reference's seed-to-seed noise ceiling.
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
            Document stored = db.getCollection("eval_analyses").find(new Document("_id", studyId)).first();
            String power = stored == null ? "null" : power(stored.get("analysis", Document.class));
            System.out.printf(Locale.ROOT, "{%n  \"study\": \"%s\",%n  \"spec\": \"%s\",%n  \"wall_s\": %.1f,%n"
                            + "  \"train_s\": %.1f,%n  \"score_s\": %.1f,%n  \"runs\": %d,%n  \"distributions\": %d,%n"
                            + "  \"scales\": %d,%n  \"power\": %s,%n  \"note\": \"train_s and score_s are summed over runs (2 trainer workers and 1 evaluator worker run in parallel); power: Pearson r of proxy vs reference per-distribution mean loss with its 95%% bootstrap interval (from the stored analysis)\"%n}%n",
                    studyId, args[3], wall, train, score, runs.size(), distributions.size(), scales.size(), power);
        }
    }

    /** The Pearson intervals of every (test set, proxy scale) and their median width, as a JSON object. */
    private static String power(Document analysis) {
        List<Double> widths = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Document suite : analysis.getList("suites", Document.class)) {
            Document ceiling = suite.get("reference_noise_ceiling", Document.class);
            Object ceilingR = ceiling == null ? null : ceiling.get("mean_pearson");
            for (Document c : suite.getList("comparisons", Document.class)) {
                Document p = c.get("pearson", Document.class);
                Number lo = p == null ? null : (Number) p.get("ci_low");
                Number hi = p == null ? null : (Number) p.get("ci_high");
                Double width = lo == null || hi == null ? null : hi.doubleValue() - lo.doubleValue();
                if (width != null) {
                    widths.add(width);
                }
                rows.add(String.format(Locale.ROOT, "{\"suite\": \"%s\", \"scale\": \"%s\", \"compute_ratio\": %.1f, "
                                + "\"pearson\": %s, \"ci_low\": %s, \"ci_high\": %s, \"ci_width\": %s, \"noise_ceiling\": %s}",
                        suite.getString("suite"), c.getString("scale"), ((Number) c.get("compute_ratio")).doubleValue(),
                        num(p == null ? null : p.get("value")), num(lo), num(hi), num(width), num(ceilingR)));
            }
        }
        widths.sort(Double::compare);
        double median = widths.isEmpty() ? Double.NaN : widths.size() % 2 == 1 ? widths.get(widths.size() / 2)
                : (widths.get(widths.size() / 2 - 1) + widths.get(widths.size() / 2)) / 2;
        return String.format(Locale.ROOT, "{%n    \"median_pearson_ci_width\": %s,%n    \"intervals\": %d,%n"
                + "    \"pearson\": [%n      %s%n    ]%n  }", num(widths.isEmpty() ? null : median), widths.size(),
                String.join(",\n      ", rows));
    }

    private static String num(Object o) {
        return o == null ? "null" : String.format(Locale.ROOT, "%.4f", ((Number) o).doubleValue());
    }
}
