package org.smalltolarge.selector.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.selector.config.SelectorConfig;

/**
 * Reads what other services computed, through their REST APIs: DsDm's mean TRAK scores from the attribution service
 * and per-example predictions from the evaluator. Services share no files or database collections.
 */
@ApplicationScoped
public class PeerServices {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run's predictions on a suite, item by item ({@code correct} null for suites without answers). */
    public record Predictions(List<String> itemIds, double[] losses, boolean[] correct) {
    }

    /** Pool documents and their TRAK scores averaged over the targets, in the attribution's pool order. */
    public record MeanScores(List<String> examples, double[] mean) {
    }

    private final SelectorConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PeerServices(SelectorConfig config) {
        this.config = config;
    }

    public MeanScores meanScores(String attributionId, String scale) throws IOException {
        JsonNode body = get(config.attributionUrl() + "/attributions/" + encode(attributionId) + "/scores/"
                + encode(scale) + "/mean");
        List<String> examples = new ArrayList<>();
        body.get("examples").forEach(e -> examples.add(e.asText()));
        return new MeanScores(examples, doubles(body.get("mean")));
    }

    public Predictions predictions(String runId, String suite) throws IOException {
        JsonNode body = get(config.evaluatorUrl() + "/runs/" + encode(runId) + "/predictions/" + encode(suite));
        List<String> ids = new ArrayList<>();
        body.get("item_ids").forEach(e -> ids.add(e.asText()));
        JsonNode correct = body.get("correct");
        boolean[] right = null;
        if (correct != null && !correct.isNull()) {
            right = new boolean[correct.size()];
            for (int i = 0; i < right.length; i++) {
                right[i] = correct.get(i).asBoolean();
            }
        }
        return new Predictions(ids, doubles(body.get("losses")), right);
    }

    private JsonNode get(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
