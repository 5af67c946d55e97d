package org.smalltolarge.selector.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;

/**
 * A selection report as the worker writes it (the fields of {@code SelectionRunner.reportContent}), with numbers
 * chosen so that a test can find them on the page: three proxy scales, DsDm and its worst end at each, DSIR, the
 * classifier and three random selections; no accuracies (a suite without right answers).
 */
final class SyntheticSelectionReport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Scale> PROXIES = List.of(
            new Scale("p8k", new ModelShape(16, 1, 2, 32), 20_000),
            new Scale("p23k", new ModelShape(32, 1, 2, 32), 40_000),
            new Scale("p60k", new ModelShape(48, 2, 4, 64), 100_000));
    static final Scale REFERENCE = new Scale("ref", new ModelShape(64, 2, 4, 64), 400_000);
    /** DsDm's gains at the three scales, and its worst end's; DSIR's and the classifier's. */
    static final double[] DSDM = {0.0512, 0.1234, 0.2046};
    static final double[] WORST = {-0.3101, -0.2502, -0.4003};
    static final double DSIR = 0.0877;
    static final double CLASSIFIER = 0.0219;
    static final double[] RANDOM = {3.1000, 3.1400, 3.1200};
    static final double RANDOM_MEAN = 3.12;
    static final int HOLDOUT = 6;

    private SyntheticSelectionReport() {
    }

    static SelectionReport report(String id) throws Exception {
        return SelectionReport.parse(JSON.writeValueAsString(json(id)));
    }

    static ObjectNode json(String id) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("selection_id", id).put("attribution_id", id + "-dsdm").put("study_id", id + "-train")
                .put("suite", "lastword").put("holdout_items", HOLDOUT);
        ArrayNode results = summary.putArray("selections");
        ArrayNode written = root.putArray("selections");
        for (int k = 0; k < PROXIES.size(); k++) {
            String scale = PROXIES.get(k).name();
            add(results, written, "dsdm_" + scale, "dsdm", scale, DSDM[k], "top 10 by mean TRAK score");
            add(results, written, "dsdm_worst_" + scale, "dsdm_worst", scale, WORST[k], "bottom 10");
        }
        add(results, written, "dsir", "dsir", null, DSIR, "DSIR: hashed unigram+bigram importance weights");
        add(results, written, "classifier", "classifier", null, CLASSIFIER, "pareto(alpha=9) > 1 - score");
        for (int i = 0; i < RANDOM.length; i++) {
            ObjectNode r = results.addObject();
            r.put("selection", "random_" + i).put("method", "random").putNull("proxy_scale").put("documents", 10)
                    .put("holdout_loss", RANDOM[i]).putNull("holdout_accuracy").putNull("gain")
                    .put("rule", "uniform without replacement, seed 5 stream random/" + i);
            written(written, "random_" + i, "random", null, RANDOM[i]);
        }
        ArrayNode overlaps = summary.putArray("overlaps");
        overlaps.addObject().put("a", "dsdm_p8k").put("b", "dsdm_p23k").put("jaccard", 0.4286);
        overlaps.addObject().put("a", "dsdm_p8k").put("b", "dsir").put("jaccard", 0.1764);
        overlaps.addObject().put("a", "dsir").put("b", "classifier").put("jaccard", 0.0);
        summary.put("report_uri", "http://x/selections/" + id + "/report").put("completed_at", "2025-01-02T03:04:05Z");

        root.put("pool_size", 40);
        ArrayNode holdout = root.putArray("holdout_items");
        for (int i = 0; i < HOLDOUT; i++) {
            holdout.add("lastword/" + (10 + i));
        }
        ArrayNode targets = root.putArray("target_items");
        for (int i = 0; i < 10; i++) {
            targets.add("lastword/" + i);
        }
        ObjectNode request = root.putObject("request");
        request.put("selection_id", id).put("corpus", "demo").put("size", 10);
        request.putArray("methods").add("dsdm").add("dsdm_worst").add("dsir").add("classifier").add("random");
        request.putObject("task").put("suite", "lastword").put("targets", 10).put("holdout", HOLDOUT);
        request.putArray("training_seeds").add(0).add(1);
        request.put("random_selections", 3).put("seed", 5).put("ngram_buckets", 1000);
        ObjectNode dsdm = request.putObject("dsdm");
        dsdm.put("ensemble", 4).put("ridge_lambda", 10.0).put("output", "margin");
        dsdm.putObject("projection").put("kind", "factored").put("k", 128).put("seed", 0);
        root.put("selection_size", 10);
        ArrayNode scales = root.putArray("proxy_scales");
        PROXIES.forEach(s -> size(scales.addObject(), s));
        size(root.putObject("reference"), REFERENCE);
        return root;
    }

    static double loss(double gain) {
        return RANDOM_MEAN - gain;
    }

    private static void add(ArrayNode results, ArrayNode written, String name, String method, String scale,
                            double gain, String rule) {
        ObjectNode r = results.addObject();
        r.put("selection", name).put("method", method).put("proxy_scale", scale).put("documents", 10)
                .put("holdout_loss", loss(gain)).putNull("holdout_accuracy");
        r.putObject("gain").put("mean", gain).put("low", gain - 0.04).put("high", gain + 0.05);
        r.put("rule", rule);
        written(written, name, method, scale, loss(gain));
    }

    private static void written(ArrayNode written, String name, String method, String scale, double loss) {
        ObjectNode w = written.addObject();
        w.put("name", name).put("method", method).put("proxy_scale", scale).put("rule", "as above");
        ArrayNode docs = w.putArray("documents");
        for (int i = 0; i < 10; i++) {
            docs.add("doc-" + i);
        }
        ArrayNode losses = w.putArray("holdout_item_losses");
        for (int i = 0; i < HOLDOUT; i++) {
            losses.add(loss + (i % 2 == 0 ? -0.1 : 0.1));
        }
    }

    private static void size(ObjectNode node, Scale s) {
        node.put("name", s.name()).put("parameters", s.model().parameters()).put("tokens", s.tokenBudget())
                .put("flops_per_model", s.flops());
    }
}
