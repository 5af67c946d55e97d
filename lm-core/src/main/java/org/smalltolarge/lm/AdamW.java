package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW whose moments are created up front, next to the parameters, and can be read and restored — DJL's
 * built-in optimizer keeps them in private lazily created maps, which a resumable trainer cannot save.
 * The update itself is libtorch's fused Adam kernel (decoupled decay, bias correction folded into the
 * step size). Matrices are decayed; biases and LayerNorm gains are not.
 */
public final class AdamW {

    private final GptModel model;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    public AdamW(GptModel model) {
        this.model = model;
        NDManager manager = model.manager();
        model.parameters().forEach((name, p) -> {
            firstMoments.put(name, manager.zeros(p.getShape()));
            secondMoments.put(name, manager.zeros(p.getShape()));
        });
    }

    /**
     * One update from the gradients currently held by the parameters, which are then zeroed.
     *
     * @param gradScale multiplies every gradient first (global-norm clipping)
     */
    public void step(double learningRate, double gradScale, Hyperparameters s) {
        steps++;
        double biasCorrection = Math.sqrt(1 - Math.pow(s.beta2(), steps)) / (1 - Math.pow(s.beta1(), steps));
        model.parameters().forEach((name, p) -> {
            float decay = p.getShape().dimension() >= 2 ? (float) s.weightDecay() : 0f;
            NDArray grad = p.getGradient();
            JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) grad,
                    (PtNDArray) firstMoments.get(name), (PtNDArray) secondMoments.get(name),
                    (float) learningRate, (float) (learningRate * biasCorrection), decay, (float) gradScale,
                    -1f /* no element-wise clipping */, (float) s.beta1(), (float) s.beta2(), (float) s.epsilon(),
                    true);
            JniUtils.zeroGrad((PtNDArray) p);
            grad.close();
        });
    }

    /** Updates applied so far (drives bias correction). */
    public long steps() {
        return steps;
    }

    /** Moments by name, "m.<param>" and "v.<param>", for checkpoints. */
    public Map<String, float[]> stateValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> values.put("m." + name, m.toFloatArray()));
        secondMoments.forEach((name, v) -> values.put("v." + name, v.toFloatArray()));
        return values;
    }

    /** Restores moments saved by {@link #stateValues()} and the update count. */
    public void restore(Map<String, float[]> values, long restoredSteps) {
        restoreInto(firstMoments, "m.", values);
        restoreInto(secondMoments, "v.", values);
        this.steps = restoredSteps;
    }

    private static void restoreInto(Map<String, NDArray> target, String prefix, Map<String, float[]> values) {
        target.replaceAll((name, array) -> {
            float[] v = values.get(prefix + name);
            if (v == null || v.length != array.getShape().size()) {
                throw new IllegalArgumentException("optimizer state '" + prefix + name + "' is "
                        + (v == null ? "missing" : "of size " + v.length + ", expected " + array.getShape()));
            }
            // Not array.set(v): DJL's set() points the tensor at a Java direct buffer whose alignment varies
            // from run to run, and libtorch's vectorised Adam kernel then rounds the unaligned head and tail
            // elements differently, so a resumed run drifted from the uninterrupted one at random steps.
            // create() copies into memory that libtorch allocates (and aligns) itself.
            NDArray restored = array.getManager().create(v, array.getShape());
            array.close();
            return restored;
        });
    }
}
