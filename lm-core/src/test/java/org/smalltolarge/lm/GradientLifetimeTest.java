package org.smalltolarge.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Everything autograd saves during the forward pass must stay valid until the backward pass, however much garbage
 * the JVM collects in between: a tensor that wraps a Java direct buffer the Java side no longer holds is freed by the
 * buffer's cleaner, and backward then reads freed memory (training differed from run to run at random steps).
 */
class GradientLifetimeTest {

    private static final GptConfig CONFIG = GptConfig.bytes(16, 16, 1, 2);

    @Test
    void gradientsAreTheSameWhenGarbageIsCollectedBetweenForwardAndBackward() throws InterruptedException {
        float[] undisturbed = qkvGradient(false);
        float[] collected = qkvGradient(true);
        assertArrayEquals(undisturbed, collected,
                "a garbage collection between forward and backward changed the attention gradients");
    }

    /** The gradient of the first block's qkv projection (the query scaling sits on its path) for a fixed batch. */
    private static float[] qkvGradient(boolean collectGarbageBeforeBackward) throws InterruptedException {
        NativeRuntime.configureThreads(1, 1);
        long[] tokens = new long[2 * CONFIG.context()];
        long[] targets = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 'a' + (i * 7) % 26;
            targets[i] = 'a' + (i * 7 + 7) % 26;
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             GptModel model = GptModel.initialize(CONFIG, 3, manager);
             NDScope scope = new NDScope()) {
            NDArray x = manager.create(tokens, new Shape(2, CONFIG.context()));
            NDArray y = manager.create(targets, new Shape(2, CONFIG.context()));
            boolean previous = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            try {
                NDArray loss = GptModel.targetLogProbs(model.logits(x), y).mean().neg();
                if (collectGarbageBeforeBackward) {
                    collectGarbageAndRunCleaners();
                }
                JniUtils.backward((PtNDArray) loss, (PtNDArray) manager.ones(loss.getShape()), false, false);
            } finally {
                JniUtils.setGradMode(previous);
            }
            return model.parameters().get("blocks.0.attn.qkv.weight").getGradient().toFloatArray();
        }
    }

    /**
     * Two full collections, each followed by waiting until the reference handler has reached a sentinel: the handler
     * takes one collection's references as a batch, so once the second sentinel arrives every cleaner of the first
     * collection (direct buffers' memory is freed by those) has run.
     */
    private static void collectGarbageAndRunCleaners() throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
            System.gc();
            assertNotNull(queue.remove(60_000), "the garbage collector did not run (is explicit GC disabled?)");
            sentinel.clear();
        }
    }
}
