package org.smalltolarge.cli;

import org.smalltolarge.contracts.events.TrainingProgress;

/**
 * What {@code status} shows of a run: the part of the trainer's run view ({@code GET /studies/{id}/runs}, schema
 * "Run" in the trainer's OpenAPI) this program reads. Other fields of the view are ignored, so the trainer may add
 * fields without breaking older command lines.
 *
 * @param progress the latest training.progress.v1 payload, or null before the first
 * @param failure  why the run failed, or null
 */
record RunSummary(String id, String distribution, String scale, long seed, String role, String status,
        TrainingProgress progress, String failure) {
}
