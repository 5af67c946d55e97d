package org.smalltolarge.lm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Settings of the PyTorch engine: thread counts (intra-op threads per calling thread, inter-op threads once per
 * process) and device choice.
 *
 * <p>Environment variables that tune libtorch's OpenMP runtime must be set before the JVM starts; see
 * {@code lm-core/README.md} ("Engine settings") for the measured defaults the scripts use.
 */
public final class NativeRuntime {

    private static boolean interopConfigured;

    private NativeRuntime() {
    }

    /**
     * Sets intra-op threads (may change any time) and inter-op threads (only the first call can). Call it on the
     * thread that will run the work: OpenMP keeps its team size per calling thread, so a count set on another
     * thread leaves this one at libtorch's default whatever {@code getNumThreads()} reports.
     */
    public static synchronized void configureThreads(int threads, int interopThreads) {
        engine(); // loads the native library
        JniUtils.setNumThreads(threads);
        if (!interopConfigured) {
            interopConfigured = true;
            if (JniUtils.getNumInteropThreads() != interopThreads) {
                try {
                    JniUtils.setNumInteropThreads(interopThreads);
                } catch (RuntimeException alreadyStarted) {
                    // libtorch refuses once inter-op work has run; intra-op threads are what matter here
                }
            }
        }
    }

    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** "cpu", "cuda" (fails clearly without a GPU) or "auto" (CUDA if the engine sees a GPU, else CPU). */
    public static Device resolveDevice(String setting) {
        int gpus = engine().getGpuCount();
        return switch (setting) {
            case "cpu" -> Device.cpu();
            case "cuda" -> {
                if (gpus == 0) {
                    throw new IllegalStateException("device \"cuda\" requested but the PyTorch engine sees no GPU "
                            + "(the CPU native library is on the class path, or no CUDA driver is present)");
                }
                yield Device.gpu();
            }
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalArgumentException(
                    "device must be \"cpu\", \"cuda\" or \"auto\", got \"" + setting + "\"");
        };
    }

    /**
     * The PyTorch engine, never reaching out: the native library ships on the class path, so DJL runs offline
     * (a missing native fails at once with a clear message) and its usage tracking stays off, unless the
     * launcher set these explicitly.
     */
    private static Engine engine() {
        CpuKernels.install(); // normally done already by CpuKernelsHook; must precede libtorch's first MKL call
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        return Engine.getEngine("PyTorch");
    }

    /** Runs {@code body} with autograd recording switched on or off for this thread (torch's mode is per thread). */
    public static <T> T withGradMode(boolean enabled, java.util.function.Supplier<T> body) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
