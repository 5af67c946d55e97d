package org.smalltolarge.lm.gradients;

/** Receives each example's projected gradient features as its batch completes. */
@FunctionalInterface
public interface FeatureSink {

    /**
     * @param index      the example's position in the list given to the featurizer
     * @param features   the projected output gradient ({@link GradientFeaturizer#dimension()} values; the sink may keep it)
     * @param output     the output function's value for the example
     * @param outToLoss  TRAK's Q for the example ({@link OutputFunction#outToLoss})
     */
    void accept(int index, float[] features, double output, double outToLoss);
}
