package org.smalltolarge.lm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // trains a model
class TrainingOnRealTextTest {

    @Test
    void validationLossFallsWellBelowUniformOnBothDomains() throws Exception {
        GptConfig config = TextFixtures.tinyConfig();
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(16).learningRate(3e-3, 3e-4, 30)
                .seed(7).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(2).device("cpu").build();
        long tokenBudget = 400L * 16 * config.context();
        List<TrainingProgress> progress = new ArrayList<>();
        try (Trainer trainer = Trainer.start(config, hyperparameters, runtime, tokenBudget,
                Map.of("fixture", "moby+sotu"))) {
            Scorer scorer = new Scorer(trainer.model(), 32);
            double before = scorer.meanLoss(TextFixtures.validationWindows(TextFixtures.DOMAINS.get(0), 64), 0, 64);
            assertTrue(Math.abs(before - Math.log(257)) < 0.3, "untrained loss " + before + " should be near ln 257");

            TrainingState end = trainer.train(TextFixtures.trainingWindows(config.context(), 11), progress::add,
                    null, () -> false);

            assertEquals(400, end.step());
            assertEquals(400 * 16, end.windowsConsumed());
            assertEquals("cpu()", trainer.device().toString());
            for (String domain : TextFixtures.DOMAINS) {
                double after = scorer.meanLoss(TextFixtures.validationWindows(domain, 64), 0, 64);
                assertTrue(after < 2.8, domain + ": validation loss " + after + " should fall well below ln 256 = 5.55");
            }
        }
        assertEquals(400, progress.size());
        TrainingProgress last = progress.get(progress.size() - 1);
        assertEquals(400L * 16 * 64, last.tokens());
        assertTrue(last.tokensPerSecond() > 0 && last.etaSeconds() == 0.0, last.toString());
        assertTrue(progress.get(0).loss() > last.loss() + 2, "training loss should drop: " + progress.get(0) + " -> " + last);
    }
}
