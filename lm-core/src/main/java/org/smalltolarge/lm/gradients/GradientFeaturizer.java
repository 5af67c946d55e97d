package org.smalltolarge.lm.gradients;

import ai.djl.ndarray.NDScope;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.ScoringExample;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Projected per-example output gradients ("features") for data attribution, in batches: one forward and one
 * backward pass per batch, then the chosen projection. Features stream to a {@link FeatureSink} (for instance a
 * {@link FeatureMatrixFile}) batch by batch, so memory does not grow with the number of examples.
 *
 * <pre>
 * try (LoadedModel m = LoadedModel.open(dir, "cpu");
 *      GradientFeaturizer f = new GradientFeaturizer(m.model(), GradientFeaturizer.builder()
 *              .projection(Projection.FACTORED).dimension(2048).seed(1).build())) {
 *     f.featurize(examples, (i, features, output, q) -> ...);
 * }
 * </pre>
 *
 * Use a model whose parameters record no gradients ({@link org.smalltolarge.lm.LoadedModel} loads them so).
 */
public final class GradientFeaturizer implements AutoCloseable {

    /** How full gradients are reduced to k features. */
    public enum Projection {
        /** {@link FactoredProjection}: per layer, from projected inputs and output gradients; fast. */
        FACTORED,
        /** {@link SparseJlProjection}: a sparse JL / CountSketch of the explicit per-example gradients. */
        SPARSE_JL
    }

    /** What defines the features: same settings and model, same features (up to float rounding of the engine). */
    public record Settings(Projection projection, int dimension, long seed, OutputFunction output,
                           ParameterSubset subset, int sparsity, int factorSide, int batchSize) {
        public Settings {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(subset, "subset");
            if (dimension < 1) {
                throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
        }

        public Builder toBuilder() {
            return new Builder().projection(projection).dimension(dimension).seed(seed).output(output)
                    .subset(subset).sparsity(sparsity).factorSide(factorSide).batchSize(batchSize);
        }
    }

    /** Defaults: factored, k = 2048, seed 0, margin output, all parameters, s = 1, factor side 64, batches of 16. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Projection projection = Projection.FACTORED;
        private int dimension = 2048;
        private long seed;
        private OutputFunction output = OutputFunction.MARGIN;
        private ParameterSubset subset = ParameterSubset.all();
        private int sparsity = 1;
        private int factorSide = 64;
        private int batchSize = 16;

        public Builder projection(Projection value) {
            projection = value;
            return this;
        }

        public Builder dimension(int value) {
            dimension = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder output(OutputFunction value) {
            output = value;
            return this;
        }

        public Builder subset(ParameterSubset value) {
            subset = value;
            return this;
        }

        /** Nonzeros per coordinate of the sparse JL projection (1: CountSketch). */
        public Builder sparsity(int value) {
            sparsity = value;
            return this;
        }

        /** Dimension each side of a matrix is projected to before the final compression (factored only). */
        public Builder factorSide(int value) {
            factorSide = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Settings build() {
            return new Settings(projection, dimension, seed, output, subset, sparsity, factorSide, batchSize);
        }
    }

    private final GptModel model;
    private final Settings settings;
    private final FactoredProjection factored;
    private final SparseJlProjection sparse;

    public GradientFeaturizer(GptModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
        if (settings.projection() == Projection.FACTORED) {
            this.factored = new FactoredProjection(model, settings.subset(), settings.dimension(),
                    settings.factorSide(), settings.seed());
            this.sparse = null;
        } else {
            this.factored = null;
            this.sparse = new SparseJlProjection(model.config(), settings.subset(), settings.dimension(),
                    settings.sparsity(), settings.seed());
        }
    }

    /** Features per example: k. */
    public int dimension() {
        return factored != null ? factored.dimension() : sparse.dimension();
    }

    public Settings settings() {
        return settings;
    }

    /** The factored projection's plan, or null when the sparse one is used. */
    public FactoredProjection factoredProjection() {
        return factored;
    }

    /** The sparse projection, or null when the factored one is used. */
    public SparseJlProjection sparseProjection() {
        return sparse;
    }

    public void featurize(List<ScoringExample> examples, FeatureSink sink) {
        featurize(examples, sink, () -> { });
    }

    /**
     * Features of every example, given to {@code sink} batch by batch in order; {@code afterEachBatch} runs after
     * each (a heartbeat, a cancellation check that throws). Examples are fitted to the model's context as
     * {@link org.smalltolarge.lm.Scorer} fits them; one without a scored token is refused before any work.
     */
    public void featurize(List<ScoringExample> examples, FeatureSink sink, Runnable afterEachBatch) {
        List<ScoringExample> fitted = fitted(examples, model.config(), 0);
        for (int from = 0; from < fitted.size(); from += settings.batchSize()) {
            List<ScoringExample> batch = fitted.subList(from, Math.min(fitted.size(), from + settings.batchSize()));
            featurizeBatch(batch, from, sink);
            afterEachBatch.run();
        }
    }

    private void featurizeBatch(List<ScoringExample> examples, int firstIndex, FeatureSink sink) {
        int n = examples.size();
        float[][] features;
        double[] losses;
        try (NDScope scope = new NDScope()) {
            GradientBatch batch = GradientBatch.capture(model, examples, settings.output());
            losses = batch.meanLosses;
            if (factored != null) {
                features = factored.features(batch);
            } else {
                float[][] sketch = new float[n][sparse.dimension()];
                PerExampleGradients.stream(batch, model.config(), settings.subset(), (name, offset, perExample) ->
                        sparse.accumulate(perExample.toFloatArray(), offset, (int) perExample.getShape().get(1),
                                sketch));
                features = sketch;
            }
        }
        OutputFunction output = settings.output();
        for (int b = 0; b < n; b++) {
            sink.accept(firstIndex + b, features[b], output.value(losses[b]), output.outToLoss(losses[b]));
        }
    }

    /** The examples fitted to the model's context, checked: tokens within its vocabulary, a scored token each. */
    static List<ScoringExample> fitted(List<ScoringExample> examples, GptConfig config, int firstIndex) {
        List<ScoringExample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            ScoringExample e = examples.get(i).fittedTo(config.context(), firstIndex + i);
            if (e.scoredCount() == 0) {
                throw new IllegalArgumentException("example " + (firstIndex + i) + " has no scored token");
            }
            for (int token : e.tokens()) {
                if (token < 0 || token >= config.vocab()) {
                    throw new IllegalArgumentException("example " + (firstIndex + i) + ": token " + token
                            + " is outside [0, " + config.vocab() + ")");
                }
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public void close() {
        if (factored != null) {
            factored.close();
        }
    }
}
