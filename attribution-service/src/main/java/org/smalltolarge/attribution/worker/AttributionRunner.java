package org.smalltolarge.attribution.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.smalltolarge.attribution.config.AttributionConfig;
import org.smalltolarge.attribution.domain.Attribution;
import org.smalltolarge.attribution.domain.AttributionComputation;
import org.smalltolarge.attribution.domain.AttributionPlan;
import org.smalltolarge.attribution.domain.ModelSource;
import org.smalltolarge.attribution.repository.AttributionRepository;
import org.smalltolarge.attribution.service.AttributionIntake;
import org.smalltolarge.attribution.trak.Lds;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.corpus.Hashing;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.lm.CheckpointException;
import org.smalltolarge.lm.CheckpointRef;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.stats.Quantiles;

/**
 * Computes one claimed attribution: fetches each model's verified checkpoint, runs the
 * {@link AttributionComputation} in the attribution's data folder (resumable: a worker that takes over continues from
 * the files), writes the JSON report, stores the results and publishes attribution.completed.
 */
@ApplicationScoped
public class AttributionRunner {
    private static final Logger LOG = Logger.getLogger(AttributionRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AttributionConfig config;
    private final AttributionRepository attributions;
    private final AttributionIntake intake;
    private final EventPublisher events;
    // file: and s3:// checkpoints (the latter fetched into S2L_CHECKPOINT_CACHE_DIR)
    private final CheckpointStore checkpoints = CheckpointStores.forReading();
    private final Map<String, String> progress = new ConcurrentHashMap<>();

    public AttributionRunner(AttributionConfig config, AttributionRepository attributions, AttributionIntake intake,
                             EventPublisher events) {
        this.config = config;
        this.attributions = attributions;
        this.intake = intake;
        this.events = events;
    }

    /** The progress line of an attribution computed here (null when none). */
    public String progress(String id) {
        return progress.get(id);
    }

    public Path folder(String id) {
        return Path.of(config.dataDir()).resolve(id);
    }

    public void compute(Attribution attribution, String worker, BooleanSupplier stopping) {
        String id = attribution.id();
        try {
            AttributionPlan plan = AttributionPlan.resolve(attribution.request(),
                    intake.corpus(attribution.request().corpus()));
            Map<String, CheckpointRef> byModel = new LinkedHashMap<>();
            attribution.runs().forEach((runId, key) -> byModel.put(key.scale() + "/" + key.distribution(),
                    attribution.models().get(runId)));
            ModelSource source = (scale, distribution) -> checkpoints.fetchVerified(byModel.get(scale + "/"
                    + distribution));
            int[] done = {0};
            int total = plan.request().scales().size() * (plan.ensembleMasks().size() * 2 + plan.subsetMasks().size());
            progress.put(id, "starting");
            AttributionComputation.Listener listener = new AttributionComputation.Listener() {
                @Override
                public void featurized(String scale, String model, int rows) {
                    progress.put(id, "featurized " + rows + " rows on " + scale + "/" + model + " (" + ++done[0]
                            + " of " + total + " steps)");
                }

                @Override
                public void scored(String scale, String model) {
                    progress.put(id, "scored targets on " + scale + "/" + model + " (" + ++done[0] + " of " + total
                            + " steps)");
                }
            };
            long start = System.nanoTime();
            List<AttributionComputation.ScaleResult> results = new AttributionComputation(plan,
                    intake.corpus(attribution.request().corpus()), source, folder(id), config.threadsPerWorker(),
                    listener).run(() -> {
                        if (stopping.getAsBoolean()) {
                            throw new CancellationException("stopping or the claim was lost");
                        }
                    });
            double seconds = (System.nanoTime() - start) / 1e9;
            AttributionCompleted completed = new AttributionCompleted(id, attribution.studyId(), summaries(results),
                    config.publicUrl() + "/attributions/" + id + "/report", Instant.now());
            writeReport(attribution, plan, results, completed, seconds);
            if (attributions.complete(id, worker, EventJson.encode(completed))) {
                publishCompletion(attributions.find(id).orElseThrow());
            }
        } catch (CancellationException e) {
            LOG.infof("attribution %s: %s; another worker continues from the files", id, e.getMessage());
        } catch (RequestRejectedException | CheckpointException | IllegalArgumentException
                 | IllegalStateException e) {
            LOG.errorf(e, "attribution %s failed", id);
            attributions.fail(id, worker, e.getMessage());
        } catch (IOException e) {
            // a full or unreachable volume: leave the claim to go stale, a worker retries from the files
            LOG.warnf(e, "attribution %s: I/O failure, left to be taken over", id);
        } finally {
            progress.remove(id);
        }
    }

    public void publishCompletion(Attribution attribution) {
        events.publish(EventJson.decode(EventType.ATTRIBUTION_COMPLETED, attribution.results()));
        attributions.markCompletionPublished(attribution.id());
    }

    static List<AttributionCompleted.ScaleResult> summaries(List<AttributionComputation.ScaleResult> results) {
        List<AttributionCompleted.ScaleResult> out = new ArrayList<>();
        for (AttributionComputation.ScaleResult r : results) {
            Double median = r.agreement() == null ? null : finite(median(r.agreement().spearman()));
            Double overlap = r.agreement() == null ? null : finite(Arrays.stream(r.agreement().topOverlap())
                    .average().orElse(Double.NaN));
            out.add(new AttributionCompleted.ScaleResult(r.scale(), r.parameters(), r.flopsPerModel(), value(r.lds()),
                    value(r.ldsOwnScale()), median, overlap));
        }
        return out;
    }

    /** The LDS figures, all null with 0 targets when none was measured (a request without an LDS bank). */
    static AttributionCompleted.LdsValue value(Lds.Result lds) {
        if (lds == null) {
            return new AttributionCompleted.LdsValue(null, null, null, null, 0);
        }
        return new AttributionCompleted.LdsValue(finite(lds.mean()), lds.low(), lds.high(),
                finite(lds.significantShare()), lds.definedTargets());
    }

    /** Median of the defined values (NaN when none). */
    private static double median(double[] values) {
        double[] defined = Arrays.stream(values).filter(Double::isFinite).toArray();
        return defined.length == 0 ? Double.NaN : Quantiles.median(defined);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The full report: settings, pool and targets, and per scale every per-target figure. */
    private void writeReport(Attribution attribution, AttributionPlan plan,
                             List<AttributionComputation.ScaleResult> results, AttributionCompleted completed,
                             double seconds) throws IOException {
        Map<String, Object> report = reportContent(attribution.id(), attribution.studyId(), attribution.request(),
                plan.pool().size(), plan.targets().stream().map(t -> t.id()).toList(), results, completed, seconds);
        Path file = folder(attribution.id()).resolve("report.json");
        Path tmp = file.resolveSibling("report.json.tmp");
        JSON.writeValue(tmp.toFile(), report);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What report.json holds (as JSON objects and lists); apart from the writing so that a test can check that the
     * HTML report ({@code report.AttributionReport}) reads every field written here. Non-finite values become null.
     */
    static Map<String, Object> reportContent(String id, String studyId, AttributionRequested request, int poolSize,
                                             List<String> targetIds, List<AttributionComputation.ScaleResult> results,
                                             AttributionCompleted completed, double seconds) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("attribution_id", id);
        report.put("study_id", studyId);
        report.put("request", JSON.readTree(EventJson.encode(request)));
        report.put("pool_size", poolSize);
        report.put("windows_per_document", AttributionComputation.WINDOWS_PER_DOCUMENT);
        report.put("targets", targetIds);
        report.put("compute_seconds", seconds);
        report.put("summary", JSON.readTree(EventJson.encode(completed)).get("scales"));
        List<Map<String, Object>> scales = new ArrayList<>();
        for (AttributionComputation.ScaleResult r : results) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scale", r.scale());
            s.put("parameters", r.parameters());
            s.put("flops_per_model", r.flopsPerModel());
            s.put("lds_per_target", r.lds() == null ? null : nullable(r.lds().perTarget()));
            s.put("lds_own_scale_per_target", r.ldsOwnScale() == null ? null : nullable(r.ldsOwnScale().perTarget()));
            List<Map<String, Object>> curve = new ArrayList<>();
            r.ldsByEnsembleSize().forEach((models, lds) -> {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("models", models);
                point.put("lds", EventJson.mapper().valueToTree(value(lds)));
                curve.add(point);
            });
            s.put("lds_by_ensemble_size", curve);
            if (r.agreement() != null) {
                s.put("spearman_with_reference_per_target", nullable(r.agreement().spearman()));
                s.put("top_overlap_with_reference_per_target", nullable(r.agreement().topOverlap()));
                s.put("top_count", r.agreement().topCount());
            }
            s.put("scores_file", r.scores().toString());
            s.put("scores_sha256", Hashing.sha256Hex(r.scores()));
            scales.add(s);
        }
        report.put("scales", scales);
        return report;
    }

    private static List<Double> nullable(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }
}
