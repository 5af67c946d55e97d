package org.smalltolarge.attribution.domain;

import java.io.IOException;
import java.nio.file.Path;

/** Where the trained models of a plan are: a verified local checkpoint directory per (scale, distribution). */
@FunctionalInterface
public interface ModelSource {
    Path checkpoint(String scale, String distribution) throws IOException;
}
