package org.smalltolarge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;

/**
 * Follows a request that a service owns (an attribution, a selection) until it completes, fails or is rejected:
 * polls the service's REST view, prints each change of the line it makes of it, and watches the rejections topic
 * for a request the service never stored. Exit codes: 0 completed, 1 failed or unreachable, 2 rejected.
 */
final class RequestFollower {
    private static final Duration POLL = Duration.ofSeconds(2);

    /** The service's view of the request; null while it does not know the id (yet). */
    interface View {
        JsonNode fetch(String id) throws IOException, InterruptedException;
    }

    private final String kind;
    private final String kafka;
    private final EventType rejectedType;
    private final PrintStream out;
    private final PrintStream err;

    /** @param kind "attribution" or "selection", for messages; its status field is "status", failures "failure" */
    RequestFollower(String kind, String kafka, EventType rejectedType, PrintStream out, PrintStream err) {
        this.kind = kind;
        this.kafka = kafka;
        this.rejectedType = rejectedType;
        this.out = out;
        this.err = err;
    }

    int follow(String id, View view, Function<JsonNode, String> line, Consumer<JsonNode> results)
            throws InterruptedException {
        String last = "";
        try (KafkaConsumer<String, String> rejections = StudyBus.readerFromStart(kafka,
                List.of(rejectedType.topic()))) {
            while (true) {
                JsonNode now;
                try {
                    now = view.fetch(id);
                } catch (IOException e) {
                    err.println(e.getMessage());
                    return 1;
                }
                if (now == null) {
                    Event rejected = StudyBus.rejection(rejections, id, rejectedType);
                    if (rejected != null) {
                        err.println(kind + " " + id + " was rejected:");
                        for (JsonNode p : EventJson.mapper().valueToTree(rejected).path("errors")) {
                            err.println("  " + p.path("path").asText() + ": " + p.path("reason").asText());
                        }
                        return 2;
                    }
                } else {
                    String status = now.path("status").asText();
                    String text = line.apply(now);
                    if (!text.equals(last)) {
                        out.println(text);
                        last = text;
                    }
                    if (status.equals("completed")) {
                        results.accept(now);
                        return 0;
                    }
                    if (status.equals("failed")) {
                        err.println(kind + " " + id + " failed: " + now.path("failure").asText());
                        return 1;
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
