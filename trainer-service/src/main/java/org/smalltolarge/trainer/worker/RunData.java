package org.smalltolarge.trainer.worker;

import java.util.Map;
import org.smalltolarge.lm.TrainingWindows;

/**
 * The data of one run: training windows (sampled from its distribution, seeded, random access so that a
 * resumed run continues exactly) and held-out windows of the same distribution for its validation loss.
 *
 * @param description what identifies the data (corpus digest, sampler seed, ...), stored in checkpoints
 */
public record RunData(TrainingWindows training, TrainingWindows validation, Map<String, String> description) {
}
