package org.smalltolarge.trainer.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.smalltolarge.lm.CheckpointException;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Trainer;

/**
 * Resumes a run from its newest intact checkpoint. A damaged one (a file that no longer matches its manifest, a
 * half-written tensor) is moved aside, where it stays for inspection and no longer hides the older checkpoints or
 * blocks the step it held from being written again, and the next older one is tried. Training is deterministic,
 * so resuming from an older checkpoint, or starting over when none is intact, ends with the same weights.
 */
final class CheckpointRecovery {
    private CheckpointRecovery() {
    }

    /**
     * The trainer resumed from the newest intact checkpoint in {@code dir}; empty when there is none (the run starts
     * over). Every checkpoint passed over is reported to {@code history} with the reason.
     */
    static Optional<Trainer> resumeNewestIntact(Path dir, RuntimeSettings runtime, Consumer<String> history)
            throws IOException {
        for (Path candidate : Checkpoints.newestFirst(dir)) {
            try {
                return Optional.of(Trainer.resume(candidate, runtime));
            } catch (CheckpointException e) {
                Path aside = candidate.resolveSibling(candidate.getFileName() + ".damaged-" + System.currentTimeMillis());
                Files.move(candidate, aside);
                history.accept("checkpoint " + candidate.getFileName() + " is damaged (" + e.getMessage()
                        + "); moved to " + aside.getFileName() + " and an older checkpoint tried");
            }
        }
        return Optional.empty();
    }
}
