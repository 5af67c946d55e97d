package org.smalltolarge.attribution.domain;

import org.smalltolarge.attribution.LocallyTrainedModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/**
 * A first measurement of LDS per scale with models trained in-process (minutes): prints the figures, asserts
 * nothing about their size. Run on request:
 * {@code mvn -o -pl attribution-service test -Dtest=LdsMeasurement -Dtests.excluded= -Ds2l.corpus.dir=data/corpus}
 */
@Tag("long")
class LdsMeasurement {

    @Test
    void measure() throws Exception {
        String corpusDir = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(corpusDir != null && !corpusDir.isBlank(), "set -Ds2l.corpus.dir");
        Corpus corpus = Corpus.open(Path.of(corpusDir));
        Scale tiny = new Scale("tiny", new ModelShape(32, 1, 2, 64), 60_000);
        Scale ref = new Scale("ref", new ModelShape(64, 2, 4, 64), 200_000);
        AttributionRequested request = new AttributionRequested("attr-measure", "demo",
                new ExamplePool(uniform(corpus), 140, 1L, null),
                new AttributionRequested.Targets("lastword", Integer.getInteger("lds.targets", 60)), List.of(tiny, ref),
                "ref", Integer.getInteger("lds.ensemble", 4),
                new AttributionRequested.LdsSettings(Integer.getInteger("lds.subsets", 24), 3), new AttributionRequested.ProjectionSettings(
                        System.getProperty("lds.projection", "factored"), Integer.getInteger("lds.k", 1024), 0),
                Double.parseDouble(System.getProperty("lds.lambda", "0.01")), System.getProperty("lds.output", "margin"),
                TrainingSettings.DEFAULTS, Instant.now(), null);
        AttributionPlan plan = AttributionPlan.resolve(request, corpus);
        // -Dlds.models=DIR reuses the models of an earlier run (its folder is printed), to vary only the estimator
        String reuse = System.getProperty("lds.models");
        Path dir = reuse != null ? Path.of(reuse) : Files.createTempDirectory("lds-measurement");
        Map<String, Path> checkpoints = new HashMap<>();
        long start = System.nanoTime();
        for (Scale scale : request.scales()) {
            for (Distribution d : plan.distributions()) {
                Path modelDir = dir.resolve(scale.name() + "-" + d.name());
                checkpoints.put(scale.name() + "/" + d.name(), reuse != null
                        ? org.smalltolarge.lm.Checkpoints.latest(modelDir).orElseThrow()
                        : LocallyTrainedModels.train(corpus, scale, d, modelDir));
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        List<AttributionComputation.ScaleResult> results = new AttributionComputation(plan, corpus,
                (scale, distribution) -> checkpoints.get(scale + "/" + distribution),
                Files.createTempDirectory(dir, "work"), 2,
                new AttributionComputation.Listener() { }).run(() -> { });
        double computeSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("LDS measurement (models in %s): pool %d, %d targets, ensemble %d, %d subsets, %s k=%d, "
                + "lambda %s, %s; training %.0f s, attribution %.0f s%n", dir, plan.pool().size(),
                plan.targets().size(), plan.ensembleMasks().size(), plan.subsetMasks().size(),
                request.projection().kind(), request.projection().k(), request.ridgeLambda(), request.output(),
                trainSeconds, computeSeconds);
        for (AttributionComputation.ScaleResult r : results) {
            System.out.printf("  %-5s %,9d params: LDS vs ref bank %.3f [%.3f, %.3f] (significant %.0f%%), vs own bank "
                    + "%.3f [%.3f, %.3f]%s%n", r.scale(), r.parameters(), r.lds().mean(), r.lds().low(),
                    r.lds().high(), 100 * r.lds().significantShare(), r.ldsOwnScale().mean(), r.ldsOwnScale().low(),
                    r.ldsOwnScale().high(), r.agreement() == null ? "" : String.format(
                            ", median Spearman with ref %.3f", median(r.agreement().spearman())));
            r.ldsByEnsembleSize().forEach((m, lds) -> System.out.printf("        ensemble %2d: LDS %.3f [%.3f, %.3f]%n",
                    m, lds.mean(), lds.low(), lds.high()));
        }
    }

    private static Map<String, Double> uniform(Corpus corpus) {
        Map<String, Double> weights = new java.util.TreeMap<>();
        corpus.domains().forEach(d -> weights.put(d, 1.0));
        return weights;
    }

    private static double median(double[] values) {
        double[] defined = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        return defined.length == 0 ? Double.NaN : org.smalltolarge.stats.Quantiles.median(defined);
    }
}
