package org.smalltolarge.selector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.smalltolarge.kit.workers.SlotSettings;

/**
 * Settings of the selector service ({@code selector.*} in application.properties, or SELECTOR_* variables): the one
 * place where each setting, its default and its meaning are written. The worker-slot settings
 * ({@code selector.workers}, ...) are shared by every service: see {@link SlotSettings}.
 */
@ConfigMapping(prefix = "selector")
public interface SelectorConfig extends SlotSettings {
    /** The built demo corpus (requests naming corpus "demo"); other corpora are named by their path. */
    String corpusDir();

    /** The attribution service's REST API, where DsDm's scores are read. */
    @WithDefault("http://localhost:8083")
    String attributionUrl();

    /** The evaluator's REST API, where the reference's per-example predictions on the holdout are read. */
    @WithDefault("http://localhost:8082")
    String evaluatorUrl();

    /** Base URL under which this service's REST API is reachable; selection.completed carries the report's URL. */
    @WithDefault("http://localhost:8084")
    String publicUrl();
}
