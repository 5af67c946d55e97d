package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated study with known structure: each proxy's losses are the reference's signal plus noise of a
 * known size per scale, so correlations must fall as the noise rises.
 *
 * <p>Loss of item i of a suite, distribution d, scale s: base_i + effect_d + interaction_(i,d) + offset_s +
 * shift_(s,d) + itemNoise_(s,d,i), with shift ~ N(0, noise_s) moving the whole distribution (what the
 * mean-level correlation sees) and itemNoise ~ N(0, noise_s) per item (what the per-example correlation sees).
 * Reference seeds add small noise. Right answers are drawn with a per-scale probability.
 */
public final class SyntheticStudy {
    public static final List<String> DISTRIBUTIONS = List.of("web", "arxiv", "books", "wikipedia", "s2orc",
            "stackexchange");
    public static final String REFERENCE = "ref-760m";

    /** @param pRight per suite kind: cloze, choice */
    public record Scale(String name, long parameters, long tokens, double noise, double offset, double clozeRight,
            double choiceRight) {
    }

    public static final List<Scale> SCALES = List.of(
            new Scale("proxy-37m", 37_000_000L, 740_000_000L, 2.0, 1.2, 0.05, 0.25),
            new Scale("proxy-124m", 124_000_000L, 2_480_000_000L, 0.15, 0.7, 0.2, 0.45),
            new Scale("proxy-350m", 350_000_000L, 7_000_000_000L, 0.015, 0.3, 0.35, 0.6),
            new Scale(REFERENCE, 760_000_000L, 15_200_000_000L, 0.01, 0, 0.5, 0.75));
    public static final long[] REFERENCE_SEEDS = {1, 2};

    private record Suite(String name, String kind, int items, double chance) {
    }

    private static final List<Suite> SUITES = List.of(new Suite("c4", "text", 300, Double.NaN),
            new Suite("squad", "cloze", 150, Double.NaN), new Suite("hellaswag", "choice", 200, 0.25));

    public record Generated(StudyLayout layout, List<RunPredictions> predictions) {
    }

    public static Generated generate(long seed) {
        Random random = new Random(seed);
        List<PlannedRunRef> runs = new ArrayList<>();
        for (Scale s : SCALES) {
            boolean reference = s.name().equals(REFERENCE);
            for (String d : DISTRIBUTIONS) {
                for (long runSeed : reference ? REFERENCE_SEEDS : new long[] {1}) {
                    runs.add(Fixtures.plan(d, s.name(), runSeed, reference, s.parameters(), s.tokens()));
                }
            }
        }
        Map<String, Map<String, SuitePredictions>> byRun = new LinkedHashMap<>();
        runs.forEach(r -> byRun.put(r.runId(), new LinkedHashMap<>()));
        for (Suite suite : SUITES) {
            double[] base = new double[suite.items()];
            for (int i = 0; i < base.length; i++) {
                base[i] = 1.5 + 3 * random.nextDouble();
            }
            double[] effect = new double[DISTRIBUTIONS.size()];
            double[][] interaction = new double[DISTRIBUTIONS.size()][suite.items()];
            for (int d = 0; d < effect.length; d++) {
                effect[d] = 0.5 * random.nextGaussian();
                for (int i = 0; i < suite.items(); i++) {
                    interaction[d][i] = 0.3 * random.nextGaussian();
                }
            }
            for (PlannedRunRef run : runs) {
                Scale s = SCALES.stream().filter(x -> x.name().equals(run.scale())).findFirst().orElseThrow();
                int d = DISTRIBUTIONS.indexOf(run.distribution());
                double shift = s.noise() * random.nextGaussian();
                double[] losses = new double[suite.items()];
                for (int i = 0; i < losses.length; i++) {
                    double loss = base[i] + effect[d] + interaction[d][i] + s.offset() + shift
                            + s.noise() * random.nextGaussian();
                    losses[i] = Math.max(0.01, loss);
                }
                boolean[] correct = null;
                if (!suite.kind().equals("text")) {
                    double p = suite.kind().equals("choice") ? s.choiceRight() : s.clozeRight();
                    correct = new boolean[suite.items()];
                    for (int i = 0; i < correct.length; i++) {
                        correct[i] = random.nextDouble() < p;
                    }
                }
                byRun.get(run.runId()).put(suite.name(), new SuitePredictions(suite.name(), "sha256:" + suite.name(),
                        suite.kind(), Fixtures.ids(suite.items()), losses, correct, suite.chance()));
            }
        }
        List<RunPredictions> predictions = new ArrayList<>();
        for (PlannedRunRef run : runs) {
            predictions.add(new RunPredictions(run.runId(), run.distribution(), run.scale(), run.seed(), run.role(),
                    run.computedFlops(), byRun.get(run.runId())));
        }
        return new Generated(new StudyLayout("synthetic", REFERENCE, runs), predictions);
    }
}
