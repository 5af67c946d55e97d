package org.smalltolarge.attribution.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.attribution.domain.Attribution;
import org.smalltolarge.attribution.domain.AttributionPlan;
import org.smalltolarge.attribution.domain.ScoreFile;
import org.smalltolarge.attribution.report.AttributionReport;
import org.smalltolarge.attribution.report.AttributionReportRenderer;
import org.smalltolarge.attribution.repository.AttributionRepository;
import org.smalltolarge.attribution.service.AttributionIntake;
import org.smalltolarge.attribution.worker.AttributionRunner;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.kit.messaging.RequestDocuments;

/** Status, progress, the report (JSON and HTML), and the top-scored training documents of a target. */
@Path("/attributions")
@Produces(MediaType.APPLICATION_JSON)
public class AttributionResource {

    /** Where an attribution stands; {@code results} is the attribution.completed payload once completed. */
    public record AttributionView(String attributionId, String studyId, String status, int modelsTrained,
                                  int modelsPlanned, String progress, String failure, String results) {
    }

    /** A training document and its score for one target. */
    public record ScoredExample(int rank, String example, double score) {
    }

    private final AttributionRepository attributions;
    private final AttributionRunner runner;
    private final AttributionIntake intake;
    private final EventPublisher events;

    public AttributionResource(AttributionRepository attributions, AttributionRunner runner,
                               AttributionIntake intake, EventPublisher events) {
        this.attributions = attributions;
        this.runner = runner;
        this.intake = intake;
        this.events = events;
    }

    /** What POST /attributions answers: the id to follow and where. */
    public record Submitted(String attributionId, String statusUrl) {
    }

    /**
     * Submits an attribution document (YAML or JSON, the fields of attribution.requested.v1): it is published to
     * s2l.attributions as that event and planned like any other (problems come back as attribution.rejected.v1;
     * follow GET /attributions/{id} or {@code ./study attribution ID}). 400 when the document does not decode.
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public jakarta.ws.rs.core.Response submit(String document) {
        org.smalltolarge.contracts.events.AttributionRequested request;
        try {
            request = RequestDocuments.parse(EventType.ATTRIBUTION_REQUESTED, "attribution_id",
                    document == null ? "" : document, null, "rest", d -> { });
        } catch (org.smalltolarge.contracts.MalformedEventException e) {
            return jakarta.ws.rs.core.Response.status(400).entity(java.util.Map.of("error", e.getMessage())).build();
        }
        events.publish(request);
        return jakarta.ws.rs.core.Response.accepted(new Submitted(request.attributionId(),
                "/attributions/" + request.attributionId())).build();
    }

    @GET
    @Path("/{id}")
    public AttributionView status(@PathParam("id") String id) {
        Attribution a = find(id);
        return new AttributionView(a.id(), a.studyId(), a.status().stored(), a.modelsTrained(), a.modelsPlanned(),
                attributions.progress(id).orElse(null), a.failure(), a.results());
    }

    @GET
    @Path("/{id}/report")
    public String report(@PathParam("id") String id) throws IOException {
        find(id);
        return Files.readString(reportFile(id));
    }

    /**
     * The report as one self-contained HTML page: LDS against compute and against ensemble size, agreement with the
     * reference, tables of the numbers, methods. 404 while there is no report, as for the JSON.
     */
    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    public String reportHtml(@PathParam("id") String id) throws IOException {
        Attribution a = find(id);
        AttributionReport report = AttributionReport.parse(Files.readString(reportFile(id)));
        return AttributionReportRenderer.html(report, a.status().stored());
    }

    /** The attribution's report.json; 404 while it does not exist. */
    private java.nio.file.Path reportFile(String id) {
        java.nio.file.Path file = runner.folder(id).resolve("report.json");
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("attribution '" + id + "' has no report yet");
        }
        return file;
    }

    /** The {@code top} highest-scored training documents for target number {@code target} at {@code scale}. */
    @GET
    @Path("/{id}/scores/{scale}")
    public List<ScoredExample> top(@PathParam("id") String id, @PathParam("scale") String scale,
                                   @QueryParam("target") Integer target, @QueryParam("top") Integer top)
            throws IOException, RequestRejectedException {
        if (target == null) {
            throw new jakarta.ws.rs.BadRequestException("query parameter 'target' (a target's index) is required");
        }
        if (top != null && top < 1) {
            throw new jakarta.ws.rs.BadRequestException("query parameter 'top' must be >= 1, got " + top);
        }
        ScoreMatrix m = scores(id, scale);
        int n = m.pool().size();
        if (target < 0 || target >= m.targets()) {
            throw new NotFoundException("target " + target + " is outside [0, " + m.targets() + ")");
        }
        double[] scores = m.scores();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(scores[target * n + y], scores[target * n + x]));
        List<ScoredExample> out = new ArrayList<>();
        for (int r = 0; r < Math.min(n, top == null ? 20 : top); r++) {
            out.add(new ScoredExample(r + 1, m.pool().get(order[r]), scores[target * n + order[r]]));
        }
        return out;
    }

    /**
     * Every pool document's score averaged over the targets at {@code scale}, in pool order: what DsDm ranks
     * (the selector reads it). A positive mean predicts that training on the document raises the targets' outputs.
     */
    @GET
    @Path("/{id}/scores/{scale}/mean")
    public MeanScores meanOverTargets(@PathParam("id") String id, @PathParam("scale") String scale)
            throws IOException, RequestRejectedException {
        ScoreMatrix m = scores(id, scale);
        int n = m.pool().size();
        int t = m.targets();
        double[] mean = new double[n];
        for (int target = 0; target < t; target++) {
            for (int i = 0; i < n; i++) {
                mean[i] += m.scores()[target * n + i] / t;
            }
        }
        return new MeanScores(scale, t, m.pool(), mean);
    }

    /** @param examples pool document ids; {@code mean[i]} belongs to {@code examples[i]} */
    public record MeanScores(String scale, int targets, List<String> examples, double[] mean) {
    }

    /** A scale's scores, row per target ({@code scores[target * pool + i]}), with the pool they are in order of. */
    private record ScoreMatrix(List<String> pool, int targets, double[] scores) {
    }

    private ScoreMatrix scores(String id, String scale) throws IOException, RequestRejectedException {
        Attribution a = find(id);
        java.nio.file.Path file = runner.folder(id).resolve(scale).resolve("scores.f64");
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("attribution '" + id + "' has no scores at scale '" + scale + "' (yet)");
        }
        AttributionPlan plan = AttributionPlan.resolve(a.request(), intake.corpus(a.request().corpus()));
        return new ScoreMatrix(plan.pool(), plan.targets().size(), ScoreFile.read(file, plan.targets().size(),
                plan.pool().size()));
    }

    private Attribution find(String id) {
        return attributions.find(id).orElseThrow(() -> new NotFoundException("no attribution '" + id + "'"));
    }
}
