package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Expands a study into its training runs, deterministically: for each distribution (document order), each
 * scale (document order), each seed; at the reference scale the extra {@code reference_seeds} follow.
 *
 * <p>A run id is {@code <studyId>-} + the first 16 hex digits of the SHA-256 of a canonical JSON text of
 * everything that decides the trained model: study id, corpus, the distribution (name and its sorted
 * content), the scale (name, shape, token budget), the training settings, the seed and the role. Key order
 * in the document cannot change it; any change to those parts does, so a restarted study resumes the same
 * runs and an edited one never reuses a stale run. Evaluation settings are left out: they do not change
 * what is trained.
 */
public final class StudyPlanner {

    private static final int ID_HEX_DIGITS = 16;
    /** Weights are compared at 12 significant digits so renormalising an already normal mixture keeps ids. */
    private static final MathContext CANONICAL_PRECISION = new MathContext(12);
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private StudyPlanner() {
    }

    public static List<PlannedRun> plan(StudySpec spec) {
        List<Long> extraSeeds = extraReferenceSeeds(spec.seeds(), spec.referenceSeeds());
        List<PlannedRun> runs = new ArrayList<>();
        for (Distribution distribution : spec.distributions()) {
            for (Scale scale : spec.scales()) {
                boolean reference = scale.name().equals(spec.reference());
                PlannedRun.Role role = reference ? PlannedRun.Role.REFERENCE : PlannedRun.Role.PROXY;
                List<Long> seeds = new ArrayList<>(spec.seeds());
                if (reference) {
                    seeds.addAll(extraSeeds);
                }
                for (long seed : seeds) {
                    String runId = runId(spec, distribution, scale, seed, role);
                    runs.add(new PlannedRun(runId, spec.id(), distribution, scale, seed, role));
                }
            }
        }
        return List.copyOf(runs);
    }

    /** Reference seeds not already in {@code seeds}, in their written order. */
    static List<Long> extraReferenceSeeds(List<Long> seeds, List<Long> referenceSeeds) {
        Set<Long> main = new HashSet<>(seeds);
        return referenceSeeds.stream().filter(seed -> !main.contains(seed)).distinct().toList();
    }

    static long runCount(long distributions, long scales, long seeds, long extraReferenceSeeds) {
        return distributions * scales * seeds + distributions * extraReferenceSeeds;
    }

    static String runId(StudySpec spec, Distribution distribution, Scale scale, long seed, PlannedRun.Role role) {
        return spec.id() + "-" + sha256Hex(canonicalRun(spec, distribution, scale, seed, role)).substring(0, ID_HEX_DIGITS);
    }

    /** The exact text a run id hashes; fields in a fixed order, map keys and example ids sorted. */
    static String canonicalRun(StudySpec spec, Distribution distribution, Scale scale, long seed,
                               PlannedRun.Role role) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("study", spec.id());
        root.put("corpus", spec.corpus());

        ObjectNode dist = root.putObject("distribution");
        dist.put("name", distribution.name());
        if (distribution.hasMixture()) {
            ObjectNode mixture = dist.putObject("mixture");
            for (Map.Entry<String, Double> e : new TreeMap<>(distribution.mixture()).entrySet()) {
                mixture.put(e.getKey(), canonicalNumber(e.getValue()));
            }
        } else {
            ArrayNode examples = dist.putArray("examples");
            new TreeSet<>(distribution.examples()).forEach(examples::add);
        }

        ObjectNode sc = root.putObject("scale");
        sc.put("name", scale.name());
        sc.put("d_model", scale.model().dModel());
        sc.put("layers", scale.model().layers());
        sc.put("heads", scale.model().heads());
        sc.put("context", scale.model().context());
        sc.put("tokens", scale.tokenBudget());

        TrainingSettings t = spec.training();
        ObjectNode training = root.putObject("training");
        training.put("batch_size", t.batchSize());
        training.put("learning_rate", canonicalNumber(t.learningRate()));
        training.put("warmup_fraction", canonicalNumber(t.warmupFraction()));
        training.put("weight_decay", canonicalNumber(t.weightDecay()));
        training.put("grad_clip", canonicalNumber(t.gradClip()));

        root.put("seed", seed);
        root.put("role", role.name());
        try {
            return CANONICAL.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static String canonicalNumber(double value) {
        return new BigDecimal(value).round(CANONICAL_PRECISION).stripTrailingZeros().toPlainString();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
