package org.smalltolarge.evaluator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.smalltolarge.evaluator.domain.Evaluation;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.repository.PredictionRepository;

/**
 * Per-example predictions of a run, for other services (attribution, selection) and users: what
 * predictions.ready.v1 announces for its run id. Read-only; the stored predictions never change once written.
 */
@Path("/runs/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class RunPredictionsResource {
    private final EvaluationRepository runs;
    private final PredictionRepository predictions;

    public RunPredictionsResource(EvaluationRepository runs, PredictionRepository predictions) {
        this.runs = runs;
        this.predictions = predictions;
    }

    @GET
    @Path("/predictions")
    @Operation(summary = "Every suite's per-example predictions of a run",
            description = "Complete once status is 'evaluated' (predictions.ready.v1 was published for the run).")
    public RunPredictionsView all(@PathParam("id") String runId) {
        Evaluation run = runs.find(runId).orElseThrow(() -> notFound("no evaluation of run '" + runId
                + "': no training.completed for it has reached the evaluator"));
        return new RunPredictionsView(run.runId(), run.studyId(), run.status().stored(),
                predictions.ofRun(runId).stream().map(SuitePredictionsView::of).toList());
    }

    @GET
    @Path("/predictions/{suite}")
    @Operation(summary = "A run's per-example predictions on one suite")
    public SuitePredictionsView suite(@PathParam("id") String runId, @PathParam("suite") String suite) {
        return predictions.find(runId, suite).map(SuitePredictionsView::of).orElseThrow(() -> notFound(
                "no predictions of run '" + runId + "' on suite '" + suite + "' (not evaluated yet, or not in its study)"));
    }

    private static NotFoundException notFound(String why) {
        return new NotFoundException(Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", why)).build());
    }
}
