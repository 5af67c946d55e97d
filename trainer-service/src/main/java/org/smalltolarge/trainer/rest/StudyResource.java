package org.smalltolarge.trainer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.trainer.repository.RunRepository;
import org.smalltolarge.trainer.repository.StudyRepository;
import org.smalltolarge.trainer.service.StudyIntake;

/**
 * Studies over HTTP. POST validates at once (400 with every field error) and then publishes the request to
 * the studies topic, so a study started here goes exactly the way of one published by any Kafka client.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StudyResource {
    private final StudyIntake intake;
    private final EventPublisher publisher;
    private final StudyRepository studies;
    private final RunRepository runs;

    public StudyResource(StudyIntake intake, EventPublisher publisher, StudyRepository studies, RunRepository runs) {
        this.intake = intake;
        this.publisher = publisher;
        this.studies = studies;
        this.runs = runs;
    }

    @POST
    @Path("studies")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response submit(String body) {
        JsonNode tree;
        try {
            tree = StudySpecs.parse(body == null ? "" : body);
        } catch (SpecParseException e) {
            return badRequest(List.of(Map.of("path", "$", "reason", e.getMessage())));
        }
        Validation validation = intake.validate(tree);
        if (!validation.valid()) {
            return badRequest(validation.errors().stream()
                    .map(e -> Map.of("path", e.path(), "reason", e.reason())).toList());
        }
        String id = validation.spec().id();
        publisher.publish(new StudyRequested(id, tree, Instant.now(), "rest"));
        return Response.accepted(Map.of("study_id", id, "runs", StudyPlanner.plan(validation.spec()).size(),
                "status", "requested")).location(URI.create("/studies/" + id)).build();
    }

    @GET
    @Path("studies/{id}")
    public StudyView study(@PathParam("id") String id) {
        return studies.find(id).map(StudyView::of).orElseThrow(() -> new NotFoundException("no study '" + id + "'"));
    }

    @GET
    @Path("studies/{id}/runs")
    public List<RunView> runsOf(@PathParam("id") String id) {
        if (studies.find(id).isEmpty()) {
            throw new NotFoundException("no study '" + id + "'");
        }
        return runs.ofStudy(id).stream().map(RunView::of).toList();
    }

    @GET
    @Path("runs/{id}")
    public RunView run(@PathParam("id") String id) {
        return runs.find(id).map(RunView::of).orElseThrow(() -> new NotFoundException("no run '" + id + "'"));
    }

    private static Response badRequest(List<Map<String, String>> errors) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("errors", errors)).build();
    }
}
