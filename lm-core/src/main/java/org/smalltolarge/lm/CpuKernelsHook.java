package org.smalltolarge.lm;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.EngineProvider;

/**
 * Not an engine: a hook that runs {@link CpuKernels#install()} before DJL loads any engine. DJL instantiates every
 * {@code EngineProvider} on its class path (ServiceLoader) when its {@code Engine} class initialises, which precedes
 * loading libtorch, so the MKL vendor shim is in place for every JVM that has lm-core on its class path, whatever
 * code touches the engine first. Ranked last, so DJL never picks it as the default engine.
 */
public final class CpuKernelsHook implements EngineProvider {

    public CpuKernelsHook() {
        CpuKernels.install();
    }

    @Override
    public String getEngineName() {
        return "S2LCpuKernels";
    }

    @Override
    public int getEngineRank() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Engine getEngine() {
        throw new EngineException("S2LCpuKernels is a start-up hook of lm-core (CpuKernels), not an engine");
    }
}
