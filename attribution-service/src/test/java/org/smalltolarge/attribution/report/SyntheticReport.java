package org.smalltolarge.attribution.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A report.json in the writer's format (worker.AttributionRunner.reportContent) for renderer tests: three scales
 * (p8k, p23k and the reference ref), twelve targets, per-target lists with undefined entries (null, and a "NaN"
 * string as a lenient writer might put it), and p8k's own-scale LDS and its one-model point undefined.
 */
final class SyntheticReport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SCALES = List.of("p8k", "p23k", "ref");
    static final double[] FLOPS = {1.92e12, 1.3e13, 1.4e14};
    static final double[] LDS = {0.0812, 0.1437, 0.2291};
    static final int TARGETS = 12;

    private SyntheticReport() {
    }

    static ObjectNode json(String id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("attribution_id", id);
        root.put("study_id", id + "-models");
        ObjectNode request = root.putObject("request");
        request.put("attribution_id", id);
        request.put("corpus", "demo");
        request.putObject("targets").put("suite", "lastword").put("items", TARGETS);
        request.put("reference", "ref");
        request.put("ensemble", 16);
        request.putObject("lds").put("subsets", 100).put("seed", 3);
        request.putObject("projection").put("kind", "factored").put("k", 1024).put("seed", 0);
        request.put("ridge_lambda", 100.0);
        request.put("output", "margin");
        root.put("pool_size", 140);
        root.put("windows_per_document", 4);
        ArrayNode targets = root.putArray("targets");
        for (int j = 0; j < TARGETS; j++) {
            targets.add("lastword/" + j);
        }
        root.put("compute_seconds", 612.5);
        ArrayNode summary = root.putArray("summary");
        ArrayNode scales = root.putArray("scales");
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < SCALES.size(); k++) {
            String name = SCALES.get(k);
            boolean reference = name.equals("ref");
            ObjectNode sum = summary.addObject();
            sum.put("scale", name);
            sum.put("parameters", 8_000L * (k + 1) * (k + 1));
            sum.put("flops_per_model", FLOPS[k]);
            lds(sum.putObject("lds"), LDS[k], LDS[k] - 0.06, LDS[k] + 0.05, 0.25, 11);
            if (k == 0) {
                sum.putObject("lds_own_scale").putNull("mean").putNull("low").putNull("high")
                        .putNull("significant_share").put("targets", 0);
            } else {
                lds(sum.putObject("lds_own_scale"), LDS[k] + 0.03, LDS[k] - 0.02, LDS[k] + 0.08, 0.3, 12);
            }
            if (reference) {
                sum.putNull("median_spearman").putNull("mean_top_overlap");
            } else {
                sum.put("median_spearman", 0.4).put("mean_top_overlap", 0.5);
            }
            ObjectNode s = scales.addObject();
            s.put("scale", name);
            s.put("parameters", 8_000L * (k + 1) * (k + 1));
            s.put("flops_per_model", FLOPS[k]);
            ArrayNode perTarget = s.putArray("lds_per_target");
            ArrayNode own = s.putArray("lds_own_scale_per_target");
            for (int j = 0; j < TARGETS; j++) {
                if (j == 3) {
                    perTarget.addNull(); // the writer's undefined target
                    own.add("NaN");      // and a NaN as a lenient writer would put it
                } else {
                    perTarget.add(LDS[k] + random.nextDouble(-0.2, 0.2));
                    own.add(k == 0 ? null : LDS[k] + random.nextDouble(-0.2, 0.2));
                }
            }
            ArrayNode curve = s.putArray("lds_by_ensemble_size");
            int[] sizes = {1, 2, 5, 10, 16};
            for (int i = 0; i < sizes.length; i++) {
                ObjectNode point = curve.addObject();
                point.put("models", sizes[i]);
                double v = LDS[k] * (0.4 + 0.6 * i / 4.0);
                if (k == 0 && i == 0) {
                    point.putObject("lds").putNull("mean").putNull("low").putNull("high")
                            .putNull("significant_share").put("targets", 0);
                } else {
                    lds(point.putObject("lds"), v, v - 0.05, v + 0.05, 0.2, 12);
                }
            }
            if (!reference) {
                ArrayNode rho = s.putArray("spearman_with_reference_per_target");
                ArrayNode overlap = s.putArray("top_overlap_with_reference_per_target");
                for (int j = 0; j < TARGETS; j++) {
                    if (j == 5) {
                        rho.addNull();
                    } else {
                        rho.add(j == 0 ? 1.0 : random.nextDouble(-0.3, 0.9));
                    }
                    overlap.add(j % 3 == 0 ? 1.0 : j % 3 == 1 ? 0.5 : 0.0);
                }
                s.put("top_count", 2);
            }
            s.put("scores_file", "/data/" + id + "/" + name + "/scores.f64");
            s.put("scores_sha256", "0".repeat(64));
        }
        return root;
    }

    private static void lds(ObjectNode n, double mean, double low, double high, double significant, int targets) {
        n.put("mean", mean).put("low", low).put("high", high).put("significant_share", significant)
                .put("targets", targets);
    }

    static AttributionReport report(String id) throws Exception {
        return AttributionReport.parse(JSON.writeValueAsString(json(id)));
    }
}
