package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Causal attention computed in query blocks (the default: 64 rows on a CPU) gives the logits, with autograd and
 * without, and the parameter gradients of the one-block form to float rounding, for sequences that fill more than
 * one block, end inside a block, or fit in one.
 */
class BlockedAttentionTest {

    private static final GptConfig CONFIG = GptConfig.bytes(96, 32, 2, 4); // full rows: blocks of 64 and 32

    /** fp32 logits of magnitude ~1 over a handful of layers: 1e-5 is ~100 ulps, far below any real change. */
    private static final double TOLERANCE = 1e-5;

    @Test
    void blockedAndOneBlockAttentionAgreeInLogitsAndGradients() {
        NativeRuntime.configureThreads(1, 1);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, float[]> weights;
            try (GptModel initial = GptModel.initialize(CONFIG, 7, manager)) {
                weights = initial.parameterValues();
            }
            double largestLogit = 0;
            double largestGradient = 0;
            for (int time : new int[] {96, 70, 20}) {
                long[] tokens = randomTokens(2 * (time + 1), time);
                Result blocked = forwardAndBackward(manager, weights, 0, tokens, time);
                Result whole = forwardAndBackward(manager, weights, Integer.MAX_VALUE, tokens, time);
                double logitDiff = maxDiff(blocked.logits, whole.logits);
                assertTrue(logitDiff <= TOLERANCE, time + " positions: logits differ by " + logitDiff);
                double scoringDiff = maxDiff(blocked.scoringLogits, whole.scoringLogits);
                assertTrue(scoringDiff <= TOLERANCE, time + " positions, without autograd: logits differ by "
                        + scoringDiff);
                largestLogit = Math.max(largestLogit, Math.max(logitDiff, scoringDiff));
                for (String name : whole.gradients.keySet()) {
                    double gradientDiff = maxDiff(blocked.gradients.get(name), whole.gradients.get(name));
                    assertTrue(gradientDiff <= TOLERANCE * scale(whole.gradients.get(name)),
                            time + " positions, gradient of " + name + " differs by " + gradientDiff);
                    largestGradient = Math.max(largestGradient, gradientDiff / scale(whole.gradients.get(name)));
                }
            }
            System.out.printf("blocked vs one-block attention: largest logit difference %.1e, largest gradient"
                    + " difference %.1e of the gradient's scale%n", largestLogit, largestGradient);
        }
    }

    private record Result(float[] logits, float[] scoringLogits, Map<String, float[]> gradients) {
    }

    private static Result forwardAndBackward(NDManager manager, Map<String, float[]> weights, int queryBlock,
                                             long[] rows, int time) {
        try (GptModel model = GptModel.fromValues(CONFIG, weights, manager, true, queryBlock);
             NDScope scope = new NDScope()) {
            long[] inputs = new long[2 * time];
            long[] targets = new long[2 * time];
            for (int r = 0; r < 2; r++) {
                System.arraycopy(rows, r * (time + 1), inputs, r * time, time);
                System.arraycopy(rows, r * (time + 1) + 1, targets, r * time, time);
            }
            NDArray x = model.manager().create(inputs, new Shape(2, time));
            NDArray y = model.manager().create(targets, new Shape(2, time));
            float[] logits = NativeRuntime.withGradMode(true, () -> {
                NDArray out = model.logits(x);
                NDArray loss = GptModel.targetLogProbs(out, y).mean().neg();
                JniUtils.backward((PtNDArray) loss, (PtNDArray) model.manager().ones(loss.getShape()), false, false);
                return out.toFloatArray();
            });
            Map<String, float[]> gradients = new LinkedHashMap<>();
            model.parameters().forEach((name, p) -> gradients.put(name, p.getGradient().toFloatArray()));
            float[] scoringLogits = NativeRuntime.withGradMode(false, () -> model.logits(x).toFloatArray());
            return new Result(logits, scoringLogits, gradients);
        }
    }

    private static long[] randomTokens(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = random.nextInt(CONFIG.vocab());
        }
        return tokens;
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The gradient's largest magnitude, at least 1e-3, so tiny gradients are compared at an absolute floor. */
    private static double scale(float[] gradient) {
        double max = 1e-3;
        for (float g : gradient) {
            max = Math.max(max, Math.abs(g));
        }
        return max;
    }
}
