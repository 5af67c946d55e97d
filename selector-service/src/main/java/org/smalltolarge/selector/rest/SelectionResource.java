package org.smalltolarge.selector.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.selector.domain.Selection;
import org.smalltolarge.selector.domain.SelectionJob;
import org.smalltolarge.selector.report.SelectionReport;
import org.smalltolarge.selector.report.SelectionReportRenderer;
import org.smalltolarge.selector.repository.SelectionRepository;
import org.smalltolarge.selector.service.SelectionDocuments;

/** Submit a selection, follow it, read its outcome, its report and the documents of each selection. */
@Path("/selections")
@Produces(MediaType.APPLICATION_JSON)
public class SelectionResource {

    /**
     * Where a selection stands.
     *
     * @param selections name -> number of documents, for the selections made so far
     * @param results    the selection.completed payload once completed
     */
    public record SelectionView(String selectionId, String status, String step, Map<String, Integer> selections,
                                String progress, String failure, SelectionCompleted results) {
        static SelectionView of(SelectionJob job) {
            Map<String, Integer> made = new java.util.LinkedHashMap<>();
            job.selections().forEach(s -> made.put(s.name(), s.documents().size()));
            return new SelectionView(job.id(), job.status().stored(), job.phase().stored(), made, job.progress(),
                    job.failure(), job.results());
        }
    }

    /** What POST /selections answers: the id to follow and where. */
    public record Submitted(String selectionId, String statusUrl) {
    }

    private final SelectionRepository selections;
    private final EventPublisher events;

    public SelectionResource(SelectionRepository selections, EventPublisher events) {
        this.selections = selections;
        this.events = events;
    }

    /**
     * Submits a selection document (YAML or JSON, the fields of selection.requested.v1, optional ones defaulted):
     * it is published to s2l.selections as that event and handled like any other (problems come back as
     * selection.rejected.v1). 400 when the document does not decode.
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response submit(String document) {
        SelectionRequested request;
        try {
            request = SelectionDocuments.parse(document == null ? "" : document, null, "rest");
        } catch (MalformedEventException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
        events.publish(request);
        return Response.accepted(new Submitted(request.selectionId(), "/selections/" + request.selectionId()))
                .build();
    }

    @GET
    public List<SelectionView> list() {
        return selections.list().stream().map(SelectionView::of).toList();
    }

    @GET
    @Path("/{id}")
    public SelectionView status(@PathParam("id") String id) {
        return SelectionView.of(find(id));
    }

    /** The JSON report: the outcome, every selection's documents and per-item holdout losses. */
    @GET
    @Path("/{id}/report")
    public String report(@PathParam("id") String id) {
        find(id);
        return selections.report(id).orElseThrow(() -> new NotFoundException("selection '" + id
                + "' has no report yet"));
    }

    /**
     * The report as one self-contained HTML page: the gain over random against the proxy's compute, every
     * selection's holdout loss, tables of every selection and of their overlaps, methods. 404 (with a page saying
     * why) while there is no report.
     */
    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    public Response reportHtml(@PathParam("id") String id) throws JsonProcessingException {
        Optional<SelectionJob> job = selections.find(id);
        if (job.isEmpty()) {
            return notFound("No selection '" + id + "'.");
        }
        Optional<String> json = selections.report(id);
        if (json.isEmpty()) {
            SelectionJob j = job.get();
            return notFound("Selection '" + id + "' has no report yet: it is " + j.status().stored() + " (step "
                    + j.phase().stored() + (j.failure() == null ? "" : "; " + j.failure()) + ").");
        }
        return Response.ok(SelectionReportRenderer.html(SelectionReport.parse(json.get()),
                job.get().status().stored()), MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
    }

    private static Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .entity(SelectionReportRenderer.notFound(message)).build();
    }

    /** The documents of one selection, e.g. {@code dsdm-p8k} or {@code random-0}. */
    @GET
    @Path("/{id}/selections/{name}")
    public Selection selection(@PathParam("id") String id, @PathParam("name") String name) {
        return find(id).selections().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("selection '" + id + "' has no selection '" + name
                        + "' (yet)"));
    }

    private SelectionJob find(String id) {
        return selections.find(id).orElseThrow(() -> new NotFoundException("no selection '" + id + "'"));
    }
}
