package org.smalltolarge.lm;

/**
 * A progress report after an optimizer step.
 *
 * @param step            optimizer steps completed
 * @param totalSteps      planned steps
 * @param tokens          training tokens consumed so far (whole run, including before a resume)
 * @param loss            this step's training loss (nats per token)
 * @param learningRate    learning rate used by this step
 * @param tokensPerSecond throughput since this {@code train} call began
 * @param etaSeconds      estimated seconds until {@code totalSteps} at that throughput
 */
public record TrainingProgress(long step, long totalSteps, long tokens, double loss, double learningRate,
                               double tokensPerSecond, double etaSeconds) {
}
