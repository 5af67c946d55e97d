package org.smalltolarge.selector.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the REST side of the attribution service and the evaluator for the selector's workflow test: answers
 * GET paths with the JSON bodies the test put there (404 otherwise). The events are real, on the real broker.
 */
final class PeerStandIn {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> BODIES = new ConcurrentHashMap<>();
    static final int PORT;

    static {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = BODIES.get(exchange.getRequestURI().getPath());
                byte[] bytes = (body == null ? "{\"error\":\"not here\"}" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            PORT = server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PeerStandIn() {
    }

    static void put(String path, Object body) {
        try {
            BODIES.put(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url() {
        return "http://127.0.0.1:" + PORT;
    }
}
