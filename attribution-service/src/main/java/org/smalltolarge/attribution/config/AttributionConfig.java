package org.smalltolarge.attribution.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.smalltolarge.kit.workers.SlotSettings;

/**
 * Settings of the attribution service ({@code attribution.*} in application.properties, or ATTRIBUTION_* variables):
 * the one place where each setting, its default and its meaning are written. The worker-slot settings
 * ({@code attribution.workers}, {@code attribution.threads-per-worker}, {@code attribution.device}, ...) are shared
 * by every service: see {@link SlotSettings}; {@code attribution.workers=0} makes a pod that records and plans but
 * computes nothing.
 */
@ConfigMapping(prefix = "attribution")
public interface AttributionConfig extends SlotSettings {
    /** The built demo corpus (requests naming corpus "demo"); other corpora are named by their path. */
    String corpusDir();

    /**
     * Where feature files, subset outputs, score matrices and reports are written, one folder per attribution; on a
     * volume shared by every replica (a worker that takes over continues from the files of the one that died).
     */
    String dataDir();

    /** Base URL under which this service's REST API is reachable; attribution.completed carries the report's URL. */
    @WithDefault("http://localhost:8083")
    String publicUrl();
}
