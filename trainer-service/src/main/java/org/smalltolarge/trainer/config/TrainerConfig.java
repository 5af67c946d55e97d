package org.smalltolarge.trainer.config;

import io.smallrye.config.ConfigMapping;
import org.smalltolarge.spec.SpecLimits;

/**
 * Settings of the trainer service ({@code trainer.*} in application.properties, or TRAINER_* variables).
 * The limits say what this deployment's workers accept: a study beyond them is rejected before anything
 * is stored, and the error names the setting (see {@link SpecLimits}).
 */
@ConfigMapping(prefix = "trainer")
public interface TrainerConfig {
    long maxParams();

    long maxTokensPerRun();

    int maxContext();

    int maxRuns();

    default SpecLimits limits() {
        return new SpecLimits(maxParams(), maxTokensPerRun(), maxContext(), maxRuns());
    }
}
