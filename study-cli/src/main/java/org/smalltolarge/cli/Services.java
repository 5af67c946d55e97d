package org.smalltolarge.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.smalltolarge.contracts.EventJson;

/** The services' REST endpoints this program reads: the trainer's runs and the evaluator's report. */
public final class Services {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** REST views use the events' JSON conventions (snake_case, ISO instants); fields this program lacks are skipped. */
    private static final ObjectMapper VIEWS = EventJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String trainerUrl;
    private final String evaluatorUrl;
    private final String attributionUrl;
    private final String selectorUrl;

    public Services(String trainerUrl, String evaluatorUrl, String attributionUrl, String selectorUrl) {
        this.trainerUrl = trainerUrl;
        this.evaluatorUrl = evaluatorUrl;
        this.attributionUrl = attributionUrl;
        this.selectorUrl = selectorUrl;
    }

    /** The selector's view of a selection; null while it does not know the id (yet). */
    public JsonNode selection(String id) throws IOException, InterruptedException {
        try {
            return JSON.readTree(get(selectorUrl + "/selections/" + id, "application/json"));
        } catch (ServiceException e) {
            if (e.getMessage().contains("HTTP 404")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * POSTs a selection document (YAML or JSON) to the selector, which fills its defaults and publishes it as
     * selection.requested.v1; returns the selection id it answers with.
     */
    public String submitSelection(String document) throws IOException, InterruptedException {
        String url = selectorUrl + "/selections";
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(document));
        // a deployment that authenticates its mutating endpoints (S2L_API_TOKEN, see the README's Kubernetes part)
        String token = System.getenv("S2L_API_TOKEN");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token.strip());
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ServiceException("POST " + url + ": nothing answers (is the stack running? ./study status)");
        }
        JsonNode body = JSON.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        if (response.statusCode() != 202) {
            throw new ServiceException("POST " + url + ": HTTP " + response.statusCode() + ": "
                    + body.path("error").asText(response.body()));
        }
        return body.path("selection_id").asText();
    }

    /** The attribution service's view of an attribution; null while it does not know the id (yet). */
    public JsonNode attribution(String id) throws IOException, InterruptedException {
        try {
            return JSON.readTree(get(attributionUrl + "/attributions/" + id, "application/json"));
        } catch (ServiceException e) {
            if (e.getMessage().contains("HTTP 404")) {
                return null;
            }
            throw e;
        }
    }

    /** A failed request, with what was asked and what came back. */
    public static final class ServiceException extends IOException {
        public ServiceException(String message) {
            super(message);
        }
    }

    /** The trainer's runs of a study, as its run views. */
    public List<RunSummary> runs(String studyId) throws IOException, InterruptedException {
        return readRuns(get(trainerUrl + "/studies/" + studyId + "/runs", "application/json"));
    }

    static List<RunSummary> readRuns(String json) throws IOException {
        return VIEWS.readValue(json, new TypeReference<List<RunSummary>>() { });
    }

    public JsonNode report(String studyId) throws IOException, InterruptedException {
        return JSON.readTree(get(evaluatorUrl + "/studies/" + studyId + "/report", "application/json"));
    }

    /** Saves the HTML report to {@code target} (temp file, then atomic rename) and returns its path. */
    public Path saveHtmlReport(String studyId, Path target) throws IOException, InterruptedException {
        String html = get(evaluatorUrl + "/studies/" + studyId + "/report.html", "text/html");
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, html);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private String get(String url, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", accept).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ServiceException("GET " + url + ": nothing answers (is the stack running? ./study status)");
        }
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body().strip();
            if (body.startsWith("<")) { // an HTML error page says nothing the status does not
                body = "";
            } else if (body.startsWith("{")) { // the services answer {"error": "why"}
                try {
                    body = JSON.readTree(body).path("error").asText(body);
                } catch (IOException notJson) {
                    // keep the body as it came
                }
            }
            throw new ServiceException("GET " + url + ": HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)));
        }
        return response.body();
    }
}
