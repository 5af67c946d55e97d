package org.smalltolarge.evaluator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.report.ReportRenderer;
import org.smalltolarge.evaluator.repository.AnalysisRepository;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.service.StudyAnalysisService;

/** The analysis of a study: as JSON, as a self-contained HTML report, and recomputed on demand. */
@Path("/studies/{id}")
public class StudyReportResource {
    private final AnalysisRepository analyses;
    private final EvalStudyRepository studies;
    private final StudyAnalysisService analysis;

    public StudyReportResource(AnalysisRepository analyses, EvalStudyRepository studies,
            StudyAnalysisService analysis) {
        this.analyses = analyses;
        this.studies = studies;
        this.analysis = analysis;
    }

    /** The latest stored analysis, exactly as computed (snake_case JSON). */
    @GET
    @Path("/report")
    @Produces(MediaType.APPLICATION_JSON)
    public String report(@PathParam("id") String id) {
        return analyses.json(id).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/report.html")
    @Produces(MediaType.TEXT_HTML)
    public String html(@PathParam("id") String id) {
        StudyAnalysis a = analyses.find(id).orElseThrow(() -> notFound(id));
        return ReportRenderer.html(a);
    }

    /** Recomputes the analysis with the predictions stored now (partial while runs are missing) and publishes it. */
    @POST
    @Path("/analysis")
    @Produces(MediaType.APPLICATION_JSON)
    public String analyze(@PathParam("id") String id) {
        analysis.analyzeNow(id).orElseThrow(() -> new NotFoundException(Response.status(404)
                .type(MediaType.APPLICATION_JSON).entity(Map.of("error", "unknown study '" + id
                        + "': no study.planned event for it has reached the evaluator")).build()));
        return analyses.json(id).orElseThrow();
    }

    private NotFoundException notFound(String id) {
        String why = studies.find(id).isPresent()
                ? "study '" + id + "' has no analysis yet: it is computed as runs are evaluated (partial until every"
                        + " planned run is), or on POST /studies/" + id + "/analysis"
                : "unknown study '" + id + "': no study.planned event for it has reached the evaluator";
        return new NotFoundException(Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", why)).build());
    }
}
