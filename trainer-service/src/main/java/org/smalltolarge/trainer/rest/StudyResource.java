package org.smalltolarge.trainer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.smalltolarge.spec.FieldError;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;
import org.smalltolarge.trainer.config.TrainerConfig;
import org.smalltolarge.trainer.repository.RunRepository;
import org.smalltolarge.trainer.repository.StudyRepository;
import org.smalltolarge.trainer.service.StudyIntake;

/**
 * Studies over HTTP. POST refuses a document over {@code trainer.max-spec-bytes} (413), validates at once (400
 * with every field error), stores the document as written and publishes a study.requested.v2 that refers to it:
 * the study then goes the way of one published by any Kafka client, through the studies topic, while the event
 * stays small whatever the document's size.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StudyResource {
    /** MongoDB keeps a document of at most 16 MiB; a stored study document needs a little room beside its text. */
    static final int MONGODB_ROOM_BYTES = 15 * 1024 * 1024;

    private final StudyIntake intake;
    private final TrainerConfig config;
    private final StudyRepository studies;
    private final RunRepository runs;

    public StudyResource(StudyIntake intake, TrainerConfig config, StudyRepository studies, RunRepository runs) {
        this.intake = intake;
        this.config = config;
        this.studies = studies;
        this.runs = runs;
    }

    /**
     * The size limit must be answerable: a body over {@code quarkus.http.limits.max-body-size} is cut by the HTTP
     * layer with a bare 413, before this resource could say why, and a document MongoDB cannot hold is never stored.
     */
    void checkSizeLimits(@Observes StartupEvent start) {
        long maxBody = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .asLongValue();
        if (config.maxSpecBytes() >= maxBody || config.maxSpecBytes() > MONGODB_ROOM_BYTES) {
            throw new IllegalStateException("trainer.max-spec-bytes=" + config.maxSpecBytes() + " must be below "
                    + "quarkus.http.limits.max-body-size=" + maxBody + " and at most " + MONGODB_ROOM_BYTES
                    + " (a stored document must fit MongoDB's 16 MiB)");
        }
    }

    @POST
    @Path("studies")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response submit(String body) {
        int bytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxSpecBytes()) {
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).entity(Map.of("errors", List.of(Map.of(
                    "path", "$", "reason", "the study document is " + bytes + " bytes, over trainer.max-spec-bytes="
                            + config.maxSpecBytes() + "; nothing was stored")))).build();
        }
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
        List<FieldError> oversized = intake.oversizedRequests(validation.spec());
        if (!oversized.isEmpty()) {
            return badRequest(oversized.stream().map(e -> Map.of("path", e.path(), "reason", e.reason())).toList());
        }
        String id = validation.spec().id();
        intake.request(id, body, "rest");
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
