package org.smalltolarge.attribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.MixtureSampler;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.Hyperparameters;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Trainer;
import org.smalltolarge.lm.TrainingWindows;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;

/** Plain lm-core training on a distribution's documents, for tests: the trainer service's job in production. */
public final class LocallyTrainedModels {

    private LocallyTrainedModels() {
    }

    public static Path train(Corpus corpus, Scale scale, Distribution d, Path dir) throws IOException {
        ModelShape s = scale.model();
        GptConfig config = GptConfig.bytes(s.context(), s.dModel(), s.layers(), s.heads());
        MixtureSampler sampler = MixtureSampler.ofExamples(corpus, d.examples(), s.context(), scale.tokenBudget(), 0);
        TrainingWindows windows = new TrainingWindows() {
            @Override
            public int context() {
                return sampler.context();
            }

            @Override
            public long count() {
                return sampler.windowCount();
            }

            @Override
            public int[] window(long index) {
                return sampler.window(index);
            }
        };
        Hyperparameters hp = Hyperparameters.builder().batchSize(16).learningRate(3e-3, 3e-4, 5).seed(0).build();
        try (Trainer trainer = Trainer.start(config, hp, RuntimeSettings.builder().threads(2).device("cpu")
                .checkpointEvery(0).build(), scale.tokenBudget(), Map.of())) {
            trainer.train(windows, p -> { }, dir, () -> false);
        }
        return Checkpoints.latest(dir).orElseThrow();
    }
}
