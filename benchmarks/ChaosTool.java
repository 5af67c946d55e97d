import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.testsupport.PoisonRecord;

/**
 * The Java half of benchmarks/chaos.sh (the bash half kills and restarts processes). Subcommands:
 * <ul>
 * <li>{@code poison}: sends one round of malformed records to every consumed topic and appends each record's
 * topic, key, partition and offset to a ledger (JSON lines). Every record is checked before it is sent: a record
 * whose headers are right, whose payload decodes with the contracts and validates against its JSON Schema is a
 * valid event and is not sent (only the forged/mangled requests and unusable plans, which are valid as payloads,
 * are malformed by meaning).</li>
 * <li>{@code watch}: polls MongoDB and logs every change of the studies' runs (trainer) and evaluations
 * (evaluator): status, worker, attempts, heartbeat, step. Also keeps a snapshot file the kill loop reads.</li>
 * <li>{@code report}: compares the disturbed study with the undisturbed one and writes chaos.json.</li>
 * </ul>
 */
public class ChaosTool {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChaosTool poison|watch|report --name value ...");
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        switch (args[0]) {
            case "poison" -> new Poison(opts).run();
            case "watch" -> watch(opts);
            case "report" -> new Report(opts).run();
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    static String need(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    static MongoClient mongo(String uri) {
        // Fail fast while the server restarts; callers retry.
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(3, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS))
                .build());
    }

    static long ms(Date d) {
        return d == null ? 0 : d.getTime();
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every record now on a topic (from the beginning to this moment's end offsets). */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(20));
            if (infos == null || infos.isEmpty()) {
                return found;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(20));
            long deadline = System.currentTimeMillis() + 120_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 120 s");
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ watch

    /**
     * Logs every change of the watched studies' documents in {@code runs} and {@code eval_runs} until the stop
     * file appears. Each line: {"t": ms, "c": collection, "id", "study", "status", "worker", "attempts", "hb", "step"}.
     */
    static void watch(Map<String, String> opts) throws Exception {
        List<String> studies = List.of(need(opts, "studies").split(","));
        Path out = Path.of(need(opts, "out"));
        Path snapshot = Path.of(need(opts, "snapshot"));
        Path stop = Path.of(need(opts, "stop"));
        Map<String, String> last = new HashMap<>();
        String lastError = null;
        try (MongoClient client = mongo(need(opts, "mongo"));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(out, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND))) {
            MongoDatabase db = client.getDatabase("s2l");
            while (!Files.exists(stop)) {
                long now = System.currentTimeMillis();
                try {
                    StringBuilder snap = new StringBuilder();
                    for (String coll : List.of("runs", "eval_runs")) {
                        for (Document d : db.getCollection(coll).find(new Document("study_id", new Document("$in", studies)))) {
                            String id = d.getString("_id");
                            String status = d.getString("status");
                            String worker = d.getString("worker");
                            int attempts = d.getInteger("attempts", 0);
                            long hb = ms(d.getDate("heartbeat_at"));
                            Document progress = d.get("progress", Document.class);
                            long step = progress == null ? -1 : ((Number) progress.get("step")).longValue();
                            String sig = status + "|" + worker + "|" + attempts + "|" + hb + "|" + step;
                            snap.append(coll).append('\t').append(id).append('\t').append(status).append('\t')
                                    .append(worker).append('\t').append(attempts).append('\n');
                            if (!sig.equals(last.put(coll + "/" + id, sig))) {
                                ObjectNode o = F.objectNode().put("t", now).put("c", coll).put("id", id)
                                        .put("study", d.getString("study_id")).put("status", status)
                                        .put("worker", worker).put("attempts", attempts).put("hb", hb).put("step", step);
                                log.println(o);
                            }
                        }
                    }
                    log.flush();
                    Path tmp = snapshot.resolveSibling(snapshot.getFileName() + ".tmp");
                    Files.writeString(tmp, snap);
                    Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    lastError = null;
                } catch (RuntimeException e) {
                    String msg = e.getClass().getSimpleName();
                    if (!msg.equals(lastError)) { // one line per outage, not one per poll
                        log.println(F.objectNode().put("t", now).put("error", msg + ": " + e.getMessage()));
                        log.flush();
                        lastError = msg;
                    }
                }
                Thread.sleep(500);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ poison

    /** One malformed record, built for a topic; {@code meaningOnly} marks records that are valid as payloads. */
    record Candidate(String kind, String topic, String key, byte[] value, List<String[]> headers, boolean meaningOnly) {
    }

    static final class Poison {
        final Map<String, String> opts;
        final String round;
        final Instant now = Instant.now();
        final SchemaCheck schemas = SchemaCheck.load();
        int serial;

        Poison(Map<String, String> opts) {
            this.opts = opts;
            this.round = need(opts, "round");
        }

        static final List<String> TOPICS = List.of(Topics.STUDIES, Topics.TRAINING_REQUESTS, Topics.STUDY_EVENTS,
                Topics.TRAINING_EVENTS);

        static String deadLetterTopic(String topic) {
            return topic.equals(Topics.STUDIES) || topic.equals(Topics.TRAINING_REQUESTS)
                    ? "s2l.dead-letter.trainer" : "s2l.dead-letter.evaluator";
        }

        /** The type whose payload the topic's consumer decodes. */
        static EventType decodedType(String topic) {
            return switch (topic) {
                case Topics.STUDIES -> EventType.STUDY_REQUESTED;
                case Topics.TRAINING_REQUESTS -> EventType.TRAINING_REQUESTED;
                case Topics.STUDY_EVENTS -> EventType.STUDY_PLANNED;
                case Topics.TRAINING_EVENTS -> EventType.TRAINING_COMPLETED;
                default -> throw new IllegalArgumentException(topic);
            };
        }

        /** A type of another topic, for the "type of another topic" kind. */
        static EventType foreignType(String topic) {
            return switch (topic) {
                case Topics.STUDIES -> EventType.TRAINING_COMPLETED;
                case Topics.TRAINING_REQUESTS -> EventType.STUDY_PLANNED;
                case Topics.STUDY_EVENTS -> EventType.TRAINING_REQUESTED;
                case Topics.TRAINING_EVENTS -> EventType.STUDY_REQUESTED;
                default -> throw new IllegalArgumentException(topic);
            };
        }

        /** Field names of the decoded payload of a topic: id text, a required integer, a timestamp. */
        static String idField(String topic) {
            return topic.equals(Topics.TRAINING_REQUESTS) || topic.equals(Topics.TRAINING_EVENTS) ? "run_id" : "study_id";
        }

        static String integerField(String topic) {
            return switch (topic) {
                case Topics.TRAINING_REQUESTS -> "seed";
                case Topics.STUDY_EVENTS -> "max_items_per_suite";
                case Topics.TRAINING_EVENTS -> "parameters";
                default -> null; // study.requested has no number
            };
        }

        static String timeField(String topic) {
            return switch (topic) {
                case Topics.STUDIES -> "submitted_at";
                case Topics.TRAINING_REQUESTS -> "requested_at";
                case Topics.STUDY_EVENTS -> "planned_at";
                case Topics.TRAINING_EVENTS -> "completed_at";
                default -> throw new IllegalArgumentException(topic);
            };
        }

        /** A field that must be an object (or array) and is given the wrong structure. */
        static String structuredField(String topic) {
            return switch (topic) {
                case Topics.STUDIES -> "spec";
                case Topics.TRAINING_REQUESTS -> "scale";
                case Topics.STUDY_EVENTS -> "suites";
                case Topics.TRAINING_EVENTS -> "device";
                default -> throw new IllegalArgumentException(topic);
            };
        }

        List<TrainingRequested> planned;

        /** The chaos study's planned requests, as the planner stored them (waits until it has planned). */
        List<TrainingRequested> plannedRequests(String study) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 180_000;
            while (true) {
                try (MongoClient client = mongo(need(opts, "mongo"))) {
                    List<TrainingRequested> found = new ArrayList<>();
                    for (Document d : client.getDatabase("s2l").getCollection("runs").find(new Document("study_id", study))) {
                        Document request = d.get("request", Document.class);
                        if (request != null) {
                            found.add(EventJson.decode(EventType.TRAINING_REQUESTED, request.toJson()));
                        }
                    }
                    if (!found.isEmpty()) {
                        return found;
                    }
                } catch (RuntimeException e) {
                    System.err.println("poison: waiting for MongoDB: " + e.getMessage());
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("study " + study + " has no planned runs after 180 s");
                }
                Thread.sleep(1000);
            }
        }

        String junk(String what) {
            return "chaos-" + round + "-junk-" + what + "-" + (++serial);
        }

        /** A valid payload of the type the topic's consumer decodes; ids are junk except a planned request's. */
        ObjectNode decodedTemplate(String topic, String key) {
            org.smalltolarge.contracts.Event e = switch (topic) {
                case Topics.STUDIES -> new StudyRequested(key, F.objectNode().put("id", key)
                        .put("description", "chaos: an invalid spec, so a wrongly accepted record is only rejected"),
                        now, "chaos");
                case Topics.TRAINING_REQUESTS -> planned.get(serial % planned.size());
                case Topics.STUDY_EVENTS -> new StudyPlanned(key, "0".repeat(64), "ref", List.of("heldout"), 10,
                        List.of(new StudyPlanned.PlannedRunSummary(key + "-r1", "d", "xs", 0, "proxy", 10, 100, 6000),
                                new StudyPlanned.PlannedRunSummary(key + "-r2", "d", "ref", 0, "reference", 20, 200, 24000)),
                        now);
                case Topics.TRAINING_EVENTS -> new TrainingCompleted(key, key + "-study", "file:///nonexistent/chaos/",
                        "0".repeat(64), 4.5, 4.6, 10, 100, 6000, 1.0, "cpu()", now);
                default -> throw new IllegalArgumentException(topic);
            };
            return (ObjectNode) tree(EventJson.encode(e));
        }

        /**
         * A valid event of the topic for the header kinds: one the consumer would act on harmlessly or skip, so a
         * record wrongly accepted shows up as "not dead-lettered" and changes nothing that matters.
         */
        String headerTemplate(String topic, String key) {
            Object e = switch (topic) {
                case Topics.STUDIES -> new StudyRequested(key, F.objectNode().put("id", key), now, "chaos");
                case Topics.TRAINING_REQUESTS -> planned.get(serial % planned.size()); // exactly as planned
                case Topics.STUDY_EVENTS -> new StudyRejected(key, List.of(new StudyRejected.FieldProblem("$", "chaos")), now);
                case Topics.TRAINING_EVENTS -> new TrainingProgress(key, key + "-study", 1, 10, 2048, 20480, 4.5, 1000.0,
                        10.0, null, "chaos/0", now);
                default -> throw new IllegalArgumentException(topic);
            };
            return EventJson.encode((org.smalltolarge.contracts.Event) e);
        }

        EventType headerTemplateType(String topic) {
            return switch (topic) {
                case Topics.STUDIES -> EventType.STUDY_REQUESTED;
                case Topics.TRAINING_REQUESTS -> EventType.TRAINING_REQUESTED;
                case Topics.STUDY_EVENTS -> EventType.STUDY_REJECTED;
                case Topics.TRAINING_EVENTS -> EventType.TRAINING_PROGRESS;
                default -> throw new IllegalArgumentException(topic);
            };
        }

        static JsonNode tree(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static List<String[]> ceHeaders(String type) {
            List<String[]> h = new ArrayList<>();
            h.add(new String[] {"ce_specversion", "1.0"});
            h.add(new String[] {"ce_id", UUID.randomUUID().toString()});
            h.add(new String[] {"ce_type", type});
            h.add(new String[] {"ce_source", "/s2l/chaos"});
            h.add(new String[] {"ce_time", Instant.now().toString()});
            h.add(new String[] {"content-type", "application/json"});
            return h;
        }

        static List<String[]> without(List<String[]> headers, String name) {
            List<String[]> h = new ArrayList<>(headers);
            h.removeIf(x -> x[0].equals(name));
            return h;
        }

        static List<String[]> replaced(List<String[]> headers, String name, String value) {
            List<String[]> h = without(headers, name);
            h.add(new String[] {name, value});
            return h;
        }

        static byte[] utf8(String s) {
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        Candidate c(String kind, String topic, String key, byte[] value, List<String[]> headers) {
            return new Candidate(kind, topic, key, value, headers, false);
        }

        /** A kind on one topic: the record, or null when the kind does not apply there. */
        interface Kind extends BiFunction<String, String, Candidate> {
        }

        Map<String, Kind> kinds() {
            Map<String, Kind> k = new LinkedHashMap<>();
            // The four PoisonRecord kinds (test-support), each with the type the topic's consumer decodes.
            for (PoisonRecord p : PoisonRecord.values()) {
                k.put("poison_" + p.name().toLowerCase(), (topic, key) -> fromProducerRecord("poison_" + p.name().toLowerCase(),
                        p.on(topic, key, decodedType(topic).type())));
            }
            // Headers: each required attribute missing, present without a value, or present but empty.
            for (String attr : List.of("ce_specversion", "ce_id", "ce_type", "ce_source")) {
                k.put("missing_" + attr, (topic, key) -> c("missing_" + attr, topic, key,
                        utf8(headerTemplate(topic, key)), without(ceHeaders(headerTemplateType(topic).type()), attr)));
                if (!attr.equals("ce_type")) { // ce_type without value is PoisonRecord's
                    k.put(attr + "_without_value", (topic, key) -> c(attr + "_without_value", topic, key,
                            utf8(headerTemplate(topic, key)), replaced(ceHeaders(headerTemplateType(topic).type()), attr, null)));
                }
                k.put(attr + "_empty_string", (topic, key) -> c(attr + "_empty_string", topic, key,
                        utf8(headerTemplate(topic, key)), replaced(ceHeaders(headerTemplateType(topic).type()), attr, "")));
            }
            k.put("unknown_ce_type", (topic, key) -> c("unknown_ce_type", topic, key, utf8(headerTemplate(topic, key)),
                    ceHeaders("s2l.chaos.exploded.v1")));
            k.put("ce_type_next_version", (topic, key) -> c("ce_type_next_version", topic, key,
                    utf8(headerTemplate(topic, key)), ceHeaders(headerTemplateType(topic).type().replace(".v1", ".v2"))));
            k.put("ce_type_of_another_topic", (topic, key) -> c("ce_type_of_another_topic", topic, key,
                    utf8(headerTemplate(topic, key)), ceHeaders(foreignType(topic).type())));
            k.put("structured_mode_valid_event", (topic, key) -> {
                ObjectNode ce = F.objectNode().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                        .put("type", headerTemplateType(topic).type()).put("source", "/s2l/chaos")
                        .put("datacontenttype", "application/json");
                ce.set("data", tree(headerTemplate(topic, key)));
                List<String[]> h = new ArrayList<>();
                h.add(new String[] {"content-type", "application/cloudevents+json; charset=UTF-8"});
                return c("structured_mode_valid_event", topic, key, utf8(ce.toString()), h);
            });
            // No headers at all: on s2l.studies that is a plain study document, malformed only when it is blank,
            // or unreadable with no key to answer to, or without an id and without a key.
            k.put("no_headers", (topic, key) -> topic.equals(Topics.STUDIES) ? null
                    : c("no_headers", topic, key, utf8(headerTemplate(topic, key)), List.of()));
            k.put("plain_document_blank", (topic, key) -> topic.equals(Topics.STUDIES)
                    ? c("plain_document_blank", topic, key, utf8("  \n  "), List.of()) : null);
            k.put("plain_document_unreadable_without_key", (topic, key) -> topic.equals(Topics.STUDIES)
                    ? c("plain_document_unreadable_without_key", topic, null, utf8("{chaos: [this is neither YAML nor JSON"),
                    List.of()) : null);
            k.put("plain_document_without_id_or_key", (topic, key) -> topic.equals(Topics.STUDIES)
                    ? c("plain_document_without_id_or_key", topic, null, utf8("description: a study with no id, sent without a key\n"),
                    List.of()) : null);
            // Values that are not a JSON object of the decoded type.
            valueKind(k, "value_empty_string", "");
            valueKind(k, "value_whitespace", " \n\t ");
            valueKind(k, "value_not_json", "{chaos: this is not json");
            valueKind(k, "value_json_array", "[1, 2, 3]");
            valueKind(k, "value_json_number", "42");
            valueKind(k, "value_json_string", "\"a string, not an event\"");
            valueKind(k, "value_json_true", "true");
            valueKind(k, "value_empty_object", "{}");
            k.put("value_truncated_json", (topic, key) -> {
                String full = decodedTemplate(topic, key).toString();
                return decoded("value_truncated_json", topic, key, utf8(full.substring(0, full.length() / 2)));
            });
            k.put("value_invalid_utf8", (topic, key) -> decoded("value_invalid_utf8", topic, key,
                    new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 0x00, (byte) 0xa0, (byte) 0xa1}));
            k.put("value_array_of_the_event", (topic, key) -> decoded("value_array_of_the_event", topic, key,
                    utf8("[" + decodedTemplate(topic, key) + "]")));
            k.put("value_deeply_nested", (topic, key) -> {
                if (!topic.equals(Topics.STUDIES)) {
                    return null; // only study.requested has a free-form tree (the spec) where depth is what fails
                }
                ObjectNode t = decodedTemplate(topic, key);
                String nested = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
                String field = "spec";
                t.put(field, 123456789);
                return decoded("value_deeply_nested", topic, key, utf8(t.toString().replace("123456789", nested)));
            });
            // Payloads that break the schema one field at a time.
            fieldKind(k, "field_unknown", (t, topic) -> t.put("chaos_unknown_field", true));
            fieldKind(k, "field_missing_id", (t, topic) -> t.remove(idField(topic)));
            fieldKind(k, "field_missing_timestamp", (t, topic) -> t.remove(timeField(topic)));
            fieldKind(k, "field_missing_integer", (t, topic) -> integerField(topic) == null ? null : t.remove(integerField(topic)));
            fieldKind(k, "field_null_id", (t, topic) -> t.putNull(idField(topic)));
            fieldKind(k, "field_blank_id", (t, topic) -> t.put(idField(topic), ""));
            fieldKind(k, "field_object_for_text", (t, topic) -> t.set(idField(topic), F.objectNode().put("nested", 1)));
            fieldKind(k, "field_text_for_integer", (t, topic) -> integerField(topic) == null ? null
                    : t.put(integerField(topic), "lots"));
            fieldKind(k, "field_fraction_for_integer", (t, topic) -> integerField(topic) == null ? null
                    : t.put(integerField(topic), 2.5));
            fieldKind(k, "field_negative_integer", (t, topic) -> integerField(topic) == null || topic.equals(Topics.TRAINING_REQUESTS)
                    ? null : t.put(integerField(topic), -7));
            fieldKind(k, "field_huge_integer", (t, topic) -> integerField(topic) == null ? null
                    : t.put(integerField(topic), new BigInteger("123456789012345678901234567890")));
            fieldKind(k, "field_wrong_structure", (t, topic) -> t.set(structuredField(topic),
                    topic.equals(Topics.STUDY_EVENTS) ? F.textNode("heldout") : F.arrayNode().add(1).add(2)));
            fieldKind(k, "field_bad_timestamp", (t, topic) -> t.put(timeField(topic), "yesterday at noon"));
            k.put("field_number_too_long", (topic, key) -> {
                if (integerField(topic) == null) {
                    return null;
                }
                ObjectNode t = decodedTemplate(topic, key);
                t.put(integerField(topic), 987654321);
                return decoded("field_number_too_long", topic, key, utf8(t.toString().replace("987654321", "9".repeat(1500))));
            });
            k.put("field_nan_literal", (topic, key) -> {
                if (integerField(topic) == null) {
                    return null;
                }
                ObjectNode t = decodedTemplate(topic, key);
                t.put(integerField(topic), 987654321);
                return decoded("field_nan_literal", topic, key, utf8(t.toString().replace("987654321", "NaN")));
            });
            // Training requests valid as payloads but not planned, or not as planned: the trainer refuses them.
            k.put("request_forged_unplanned_run", (topic, key) -> !topic.equals(Topics.TRAINING_REQUESTS) ? null
                    : meaning("request_forged_unplanned_run", topic, key, request(r -> r.put("run_id", key))));
            k.put("request_mangled_tokens", (topic, key) -> !topic.equals(Topics.TRAINING_REQUESTS) ? null
                    : meaning("request_mangled_tokens", topic, key, request(r -> {
                        ObjectNode scale = (ObjectNode) r.get("scale");
                        scale.put("tokens", scale.get("tokens").asLong() * 2);
                    })));
            k.put("request_mangled_learning_rate", (topic, key) -> !topic.equals(Topics.TRAINING_REQUESTS) ? null
                    : meaning("request_mangled_learning_rate", topic, key, request(r -> {
                        ObjectNode training = (ObjectNode) r.get("training");
                        training.put("learning_rate", training.get("learning_rate").asDouble() * 10);
                    })));
            k.put("request_of_another_study", (topic, key) -> !topic.equals(Topics.TRAINING_REQUESTS) ? null
                    : meaning("request_of_another_study", topic, key, request(r -> r.put("study_id", key))));
            // Plans valid as payloads that the analysis could not use: the evaluator refuses them.
            k.put("plan_repeated_run_id", (topic, key) -> !topic.equals(Topics.STUDY_EVENTS) ? null
                    : meaning("plan_repeated_run_id", topic, key, plan(key, runs -> ((ObjectNode) runs.get(1))
                            .put("run_id", runs.get(0).get("run_id").asText()))));
            k.put("plan_proxy_at_reference_scale", (topic, key) -> !topic.equals(Topics.STUDY_EVENTS) ? null
                    : meaning("plan_proxy_at_reference_scale", topic, key, plan(key, runs -> ((ObjectNode) runs.get(1))
                            .put("role", "proxy"))));
            k.put("plan_without_reference_run", (topic, key) -> !topic.equals(Topics.STUDY_EVENTS) ? null
                    : meaning("plan_without_reference_run", topic, key, plan(key, runs -> runs.remove(1))));
            return k;
        }

        void valueKind(Map<String, Kind> k, String kind, String value) {
            k.put(kind, (topic, key) -> decoded(kind, topic, key, utf8(value)));
        }

        interface Mutation {
            Object apply(ObjectNode template, String topic);
        }

        void fieldKind(Map<String, Kind> k, String kind, Mutation m) {
            k.put(kind, (topic, key) -> {
                ObjectNode t = decodedTemplate(topic, key);
                if (m.apply(t, topic) == null) {
                    return null; // the kind has no field to break on this topic
                }
                return decoded(kind, topic, key, utf8(t.toString()));
            });
        }

        /** A record with the valid headers of the type the topic's consumer decodes. */
        Candidate decoded(String kind, String topic, String key, byte[] value) {
            return c(kind, topic, key, value, ceHeaders(decodedType(topic).type()));
        }

        Candidate meaning(String kind, String topic, String key, String json) {
            return new Candidate(kind, topic, key, utf8(json), ceHeaders(decodedType(topic).type()), true);
        }

        interface Edit {
            void apply(ObjectNode node);
        }

        String request(Edit edit) {
            ObjectNode r = (ObjectNode) tree(EventJson.encode(planned.get(serial % planned.size())));
            edit.apply(r);
            return r.toString();
        }

        String plan(String key, java.util.function.Consumer<ArrayNode> edit) {
            ObjectNode t = decodedTemplate(Topics.STUDY_EVENTS, key);
            edit.accept((ArrayNode) t.get("runs"));
            return t.toString();
        }

        Candidate fromProducerRecord(String kind, ProducerRecord<String, String> r) {
            List<String[]> h = new ArrayList<>();
            for (Header x : r.headers()) {
                h.add(new String[] {x.key(), x.value() == null ? null : new String(x.value(), StandardCharsets.UTF_8)});
            }
            return c(kind, r.topic(), r.key(), utf8(r.value()), h);
        }

        /** Why a candidate is malformed, or empty when it is a valid event (then it is not sent). */
        Optional<String> malformedBecause(Candidate cand) {
            Map<String, String> h = new HashMap<>();
            boolean structured = false;
            boolean anyCe = false;
            for (String[] x : cand.headers()) {
                h.put(x[0], x[1]);
                anyCe |= x[0].startsWith("ce_");
                if (x[0].equals("content-type") && x[1] != null && x[1].startsWith("application/cloudevents")) {
                    structured = true;
                }
            }
            if (cand.topic().equals(Topics.STUDIES) && !anyCe && !structured) {
                return Optional.of("a plain study document that is blank, or has neither an id nor a key");
            }
            if (structured) {
                return Optional.of("structured mode");
            }
            for (String attr : List.of("ce_specversion", "ce_id", "ce_type", "ce_source")) {
                if (!h.containsKey(attr)) {
                    return Optional.of(attr + " header missing");
                }
                if (h.get(attr) == null) {
                    return Optional.of(attr + " header without a value");
                }
                if (h.get(attr).isEmpty()) {
                    return Optional.of(attr + " header with an empty value (CloudEvents: a non-empty string)");
                }
            }
            Optional<EventType> type = EventType.ofType(h.get("ce_type"));
            if (type.isEmpty()) {
                return Optional.of("unknown ce_type");
            }
            if (!type.get().topic().equals(cand.topic())) {
                return Optional.of("ce_type of another topic");
            }
            if (cand.meaningOnly()) {
                return Optional.of("valid payload, refused by meaning");
            }
            String value = cand.value() == null ? null : new String(cand.value(), StandardCharsets.UTF_8);
            boolean decodes;
            try {
                EventJson.decode(type.get(), value);
                decodes = true;
            } catch (RuntimeException e) {
                decodes = false;
            }
            Boolean schemaValid = schemas.valid(type.get(), value);
            if (!decodes) {
                return Optional.of("payload refused by the contracts decoder");
            }
            if (schemaValid != null && !schemaValid) {
                return Optional.of("payload breaks its JSON Schema (the contracts decoder accepts it)");
            }
            return Optional.empty();
        }

        void run() throws Exception {
            String bootstrap = need(opts, "bootstrap");
            Path ledger = Path.of(need(opts, "ledger"));
            String study = need(opts, "study");
            int perKind = Integer.parseInt(opts.getOrDefault("per-kind", "1"));
            boolean oneTopicPerKind = Boolean.parseBoolean(opts.getOrDefault("one-topic-per-kind", "false"));
            planned = plannedRequests(study);

            List<Candidate> batch = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            int kindIndex = 0;
            for (Map.Entry<String, Kind> kind : kinds().entrySet()) {
                List<String> topics = new ArrayList<>();
                for (String topic : TOPICS) {
                    if (kind.getValue().apply(topic, "probe-" + UUID.randomUUID()) != null) {
                        topics.add(topic);
                    }
                }
                if (oneTopicPerKind && !topics.isEmpty()) { // light mode: each kind once, topics taken in turn
                    topics = List.of(topics.get(kindIndex % topics.size()));
                }
                kindIndex++;
                for (String topic : topics) {
                    for (int n = 0; n < perKind; n++) {
                        String key = "chaos-" + round + "-" + kind.getKey() + "-" + topic.substring(4) + "-" + n;
                        Candidate cand = kind.getValue().apply(topic, key);
                        Optional<String> why = malformedBecause(cand);
                        if (why.isPresent()) {
                            batch.add(cand);
                        } else {
                            skipped.add(kind.getKey() + " on " + topic);
                        }
                    }
                }
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000"); // rides out a broker restart
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2000000");
            int sent = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(ledger, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                for (Candidate cand : batch) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(cand.topic(), cand.key(), cand.value());
                    for (String[] h : cand.headers()) {
                        r.headers().add(h[0], h[1] == null ? null : h[1].getBytes(StandardCharsets.UTF_8));
                    }
                    RecordMetadata m = producer.send(r).get();
                    ObjectNode line = F.objectNode().put("round", round).put("kind", cand.kind()).put("topic", cand.topic())
                            .put("key", cand.key()).put("partition", m.partition()).put("offset", m.offset())
                            .put("dead_letter_topic", deadLetterTopic(cand.topic())).put("sent_at", System.currentTimeMillis())
                            .put("why", malformedBecause(cand).orElse("?"));
                    out.println(line);
                    sent++;
                }
            }
            System.out.printf("poison round %s: sent %d malformed records (%d kinds) to %s%n", round, sent,
                    batch.stream().map(Candidate::kind).distinct().count(), TOPICS);
            if (!skipped.isEmpty()) {
                System.out.println("poison: not sent, they are valid events: " + skipped);
            }
        }
    }

    /** The contracts' JSON Schemas, when the validator is on the class path (else null answers). */
    static final class SchemaCheck {
        private final Map<EventType, Object> schemas = new HashMap<>();
        private final boolean available;

        private SchemaCheck(boolean available) {
            this.available = available;
        }

        static SchemaCheck load() {
            try {
                Class.forName("com.networknt.schema.JsonSchemaFactory");
            } catch (ClassNotFoundException e) {
                System.err.println("poison: json-schema-validator not on the class path; payloads are checked with the contracts decoder only");
                return new SchemaCheck(false);
            }
            return new SchemaCheck(true);
        }

        Boolean valid(EventType type, String value) {
            if (!available) {
                return null;
            }
            JsonNode node;
            try {
                node = value == null ? null : JSON.readTree(value);
            } catch (IOException | RuntimeException e) {
                return false;
            }
            if (node == null || node.isMissingNode()) {
                return false;
            }
            try {
                com.networknt.schema.JsonSchema schema = (com.networknt.schema.JsonSchema) schemas.computeIfAbsent(type, t -> {
                    try (InputStream in = EventType.class.getResourceAsStream(t.schemaResource())) {
                        var config = com.networknt.schema.SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                        return com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                                .getSchema(JSON.readTree(in), config);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return schema.validate(node).isEmpty();
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    static final class Report {
        final Map<String, String> opts;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final List<String> problems = new ArrayList<>();

        Report(Map<String, String> opts) {
            this.opts = opts;
        }

        JsonNode get(String url) throws Exception {
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return JSON.readTree(r.body());
                    }
                    if (r.statusCode() == 404) {
                        return null;
                    }
                } catch (IOException e) {
                    // the service is restarting; retry
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("no answer from " + url + " in 120 s");
                }
                Thread.sleep(1000);
            }
        }

        static String runKey(Document run) {
            return run.getString("distribution") + "@" + run.getString("scale") + "#" + run.get("seed") + "/" + run.getString("role");
        }

        void run() throws Exception {
            String study = need(opts, "study");
            String baseline = need(opts, "baseline");
            String bootstrap = need(opts, "bootstrap");
            String evaluator = need(opts, "evaluator");
            ObjectNode out = F.objectNode();
            out.set("settings", tree(need(opts, "settings")));
            out.put("study", study).put("baseline_study", baseline);

            List<Document> runs;
            List<Document> baseRuns;
            Map<String, Document> evals = new HashMap<>();
            Map<String, List<Document>> predictionsByRun = new HashMap<>();
            int analyses;
            int evalStudies;
            try (MongoClient client = mongo(need(opts, "mongo"))) {
                MongoDatabase db = client.getDatabase("s2l");
                runs = db.getCollection("runs").find(new Document("study_id", study)).into(new ArrayList<>());
                baseRuns = db.getCollection("runs").find(new Document("study_id", baseline)).into(new ArrayList<>());
                for (Document e : db.getCollection("eval_runs").find(new Document("study_id", study))) {
                    evals.put(e.getString("_id"), e);
                }
                for (Document p : db.getCollection("eval_predictions").find(new Document("study_id", study))
                        .projection(new Document("run_id", 1).append("suite", 1))) {
                    predictionsByRun.computeIfAbsent(p.getString("run_id"), k -> new ArrayList<>()).add(p);
                }
                analyses = (int) db.getCollection("eval_analyses").countDocuments(new Document("_id", study));
                evalStudies = (int) db.getCollection("eval_studies").countDocuments(new Document("_id", study));
            }

            // ---- duplicates in MongoDB
            ObjectNode dup = F.objectNode();
            Map<String, Integer> perNaturalId = new TreeMap<>();
            runs.forEach(r -> perNaturalId.merge(runKey(r), 1, Integer::sum));
            int runDuplicates = perNaturalId.values().stream().mapToInt(n -> n - 1).sum();
            int predictionDuplicates = 0;
            for (Map.Entry<String, List<Document>> e : predictionsByRun.entrySet()) {
                Map<String, Integer> perSuite = new HashMap<>();
                e.getValue().forEach(p -> perSuite.merge(p.getString("suite"), 1, Integer::sum));
                predictionDuplicates += perSuite.values().stream().mapToInt(n -> n - 1).sum();
            }
            Set<String> runIds = new HashSet<>();
            runs.forEach(r -> runIds.add(r.getString("_id")));
            long strayEvaluations = evals.keySet().stream().filter(id -> !runIds.contains(id)).count();
            dup.put("runs_per_distribution_scale_seed", runDuplicates);
            dup.put("predictions_per_run_and_suite", predictionDuplicates);
            dup.put("evaluations_of_unplanned_runs", strayEvaluations);
            dup.put("eval_studies_documents", evalStudies);
            dup.put("eval_analyses_documents", analyses);

            // ---- events on Kafka for the study
            List<ConsumerRecord<String, String>> studyEvents = readAll(bootstrap, Topics.STUDY_EVENTS).stream()
                    .filter(r -> study.equals(r.key())).toList();
            int analyzedComplete = 0;
            int analyzedAll = 0;
            int plannedEvents = 0;
            Set<String> plannedIds = new HashSet<>();
            for (ConsumerRecord<String, String> r : studyEvents) {
                String type = header(r, "ce_type");
                if (EventType.STUDY_ANALYZED.type().equals(type)) {
                    analyzedAll++;
                    if (tree(r.value()).path("complete").asBoolean(false)) {
                        analyzedComplete++;
                    }
                } else if (EventType.STUDY_PLANNED.type().equals(type)) {
                    plannedEvents++;
                    plannedIds.add(header(r, "ce_id"));
                }
            }
            Map<String, List<JsonNode>> completions = new HashMap<>();
            for (ConsumerRecord<String, String> r : readAll(bootstrap, Topics.TRAINING_EVENTS)) {
                if (r.key() != null && runIds.contains(r.key()) && EventType.TRAINING_COMPLETED.type().equals(header(r, "ce_type"))) {
                    completions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(tree(r.value()));
                }
            }
            int conflictingCompletions = 0;
            int repeatedCompletions = 0;
            for (List<JsonNode> c : completions.values()) {
                repeatedCompletions += c.size() - 1;
                for (JsonNode n : c) {
                    if (!n.path("checkpoint_sha256").equals(c.get(0).path("checkpoint_sha256"))
                            || !n.path("final_train_loss").equals(c.get(0).path("final_train_loss"))
                            || !n.path("validation_loss").equals(c.get(0).path("validation_loss"))) {
                        conflictingCompletions++;
                        problems.add("run " + n.path("run_id").asText() + " has training.completed events that disagree");
                    }
                }
            }
            Map<String, Integer> readyEvents = new HashMap<>();
            for (ConsumerRecord<String, String> r : readAll(bootstrap, Topics.PREDICTIONS)) {
                if (r.key() != null && runIds.contains(r.key())) {
                    readyEvents.merge(r.key(), 1, Integer::sum);
                }
            }
            Map<String, Integer> requests = new HashMap<>();
            for (ConsumerRecord<String, String> r : readAll(bootstrap, Topics.TRAINING_REQUESTS)) {
                if (r.key() != null && runIds.contains(r.key()) && "/s2l/trainer-service".equals(header(r, "ce_source"))) {
                    requests.merge(r.key(), 1, Integer::sum);
                }
            }
            dup.put("study_analyzed_complete_events", analyzedComplete);
            dup.put("conflicting_training_completed_events", conflictingCompletions);
            int duplicateDocuments = runDuplicates + predictionDuplicates + (int) strayEvaluations + Math.max(0, evalStudies - 1)
                    + Math.max(0, analyses - 1) + Math.max(0, analyzedComplete - 1) + conflictingCompletions;
            out.put("duplicate_documents", duplicateDocuments);
            out.set("duplicates", dup);
            ObjectNode replays = F.objectNode();
            replays.put("note", "at-least-once redeliveries that carry the same content (same ce_id or same result); not duplicates");
            replays.put("study_planned_events", plannedEvents).put("study_planned_distinct_ce_ids", plannedIds.size());
            replays.put("study_analyzed_events", analyzedAll);
            replays.put("repeated_training_completed_events", repeatedCompletions);
            replays.put("repeated_predictions_ready_events", readyEvents.values().stream().mapToInt(n -> n - 1).sum());
            replays.put("repeated_training_requested_events", requests.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum());
            out.set("event_replays", replays);
            if (analyzedComplete != 1) {
                problems.add("study " + study + " has " + analyzedComplete + " complete study.analyzed events (expected 1)");
            }

            // ---- runs lost, and the comparison with the undisturbed study
            Map<String, Document> baseByKey = new HashMap<>();
            baseRuns.forEach(r -> baseByKey.put(runKey(r), r));
            ArrayNode lost = F.arrayNode();
            double maxLossDiff = 0;
            double maxTrainLossDiff = 0;
            int compared = 0;
            int suitesCompared = 0;
            int itemsCompared = 0;
            int correctMismatches = 0;
            boolean comparable = runs.size() == baseRuns.size() && !runs.isEmpty();
            if (!comparable) {
                problems.add("the study planned " + runs.size() + " runs, the undisturbed one " + baseRuns.size());
            }
            for (Document run : runs) {
                String id = run.getString("_id");
                Document e = evals.get(id);
                String trainer = run.getString("status");
                String evaluation = e == null ? "absent" : e.getString("status");
                if (!"completed".equals(trainer) || !"evaluated".equals(evaluation)) {
                    lost.add(F.objectNode().put("run", id).put("trainer_status", trainer).put("evaluator_status", evaluation)
                            .put("attempts", run.getInteger("attempts", 0)).put("failure", run.getString("failure")));
                    problems.add("run " + id + " did not complete and evaluate: trainer " + trainer + ", evaluator " + evaluation);
                    continue;
                }
                Document base = baseByKey.get(runKey(run));
                if (base == null) {
                    problems.add("run " + id + " (" + runKey(run) + ") has no counterpart in the undisturbed study");
                    comparable = false;
                    continue;
                }
                Document result = run.get("result", Document.class);
                Document baseResult = base.get("result", Document.class);
                if (result != null && baseResult != null) {
                    maxTrainLossDiff = Math.max(maxTrainLossDiff, Math.max(
                            Math.abs(result.getDouble("final_train_loss") - baseResult.getDouble("final_train_loss")),
                            Math.abs(result.getDouble("validation_loss") - baseResult.getDouble("validation_loss"))));
                }
                JsonNode mine = get(evaluator + "/runs/" + id + "/predictions");
                JsonNode theirs = get(evaluator + "/runs/" + base.getString("_id") + "/predictions");
                if (mine == null || theirs == null) {
                    problems.add("no predictions for " + id + " or its undisturbed counterpart " + base.getString("_id"));
                    comparable = false;
                    continue;
                }
                Map<String, JsonNode> baseSuites = new HashMap<>();
                theirs.path("suites").forEach(s -> baseSuites.put(s.path("suite").asText(), s));
                if (mine.path("suites").size() != baseSuites.size()) {
                    problems.add("run " + id + " has " + mine.path("suites").size() + " suites, the undisturbed run " + baseSuites.size());
                    comparable = false;
                }
                for (JsonNode s : mine.path("suites")) {
                    JsonNode b = baseSuites.get(s.path("suite").asText());
                    if (b == null || !s.path("item_ids").equals(b.path("item_ids"))) {
                        problems.add("run " + id + " suite " + s.path("suite").asText() + ": items differ from the undisturbed run");
                        comparable = false;
                        continue;
                    }
                    JsonNode l = s.path("losses");
                    JsonNode bl = b.path("losses");
                    for (int i = 0; i < l.size(); i++) {
                        maxLossDiff = Math.max(maxLossDiff, Math.abs(l.get(i).asDouble() - bl.get(i).asDouble()));
                    }
                    if (!s.path("correct").equals(b.path("correct")) || !s.path("chosen").equals(b.path("chosen"))) {
                        correctMismatches++;
                    }
                    itemsCompared += l.size();
                    suitesCompared++;
                }
                compared++;
            }
            // Runs a new worker resumed from a checkpoint of a killed one (the trainer logs "run X resumes at step N").
            ArrayNode resumed = F.arrayNode();
            Pattern resumes = Pattern.compile("run (\\S+) resumes at step (\\d+)");
            Path logs = Path.of(opts.getOrDefault("logs", "/nonexistent"));
            if (Files.isDirectory(logs)) {
                Set<String> seen = new HashSet<>();
                try (var files = Files.list(logs)) {
                    for (Path f : files.filter(x -> x.getFileName().toString().startsWith("trainer-service")).sorted().toList()) {
                        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                            var m = resumes.matcher(line);
                            if (m.find() && runIds.contains(m.group(1)) && seen.add(m.group(1) + "@" + m.group(2))) {
                                resumed.add(F.objectNode().put("run", m.group(1)).put("step", Long.parseLong(m.group(2))));
                            }
                        }
                    }
                }
            }
            out.put("planned_runs", runs.size());
            out.set("resumed_from_checkpoint", resumed);
            int takenOver = 0;
            for (Document r : runs) {
                takenOver += Math.max(0, r.getInteger("attempts", 1) - 1);
            }
            out.put("run_takeovers", takenOver);
            out.put("runs_lost", lost.size());
            out.set("lost_runs", lost);
            if (comparable && compared > 0) {
                out.put("max_abs_loss_diff", maxLossDiff);
            } else {
                out.putNull("max_abs_loss_diff");
            }
            out.set("comparison", F.objectNode().put("runs_compared", compared).put("suites_compared", suitesCompared)
                    .put("items_compared", itemsCompared).put("max_abs_final_train_or_validation_loss_diff", maxTrainLossDiff)
                    .put("suites_with_different_correct_or_chosen", correctMismatches));
            if (maxLossDiff != 0) {
                problems.add("per-example losses differ from the undisturbed run by up to " + maxLossDiff);
            }

            // ---- kills, restarts, recovery
            recovery(out);

            // ---- malformed records
            malformed(out, bootstrap);

            // ---- study completion and services
            JsonNode report = get(evaluator + "/studies/" + study + "/report");
            boolean complete = report != null && report.path("complete").asBoolean(false);
            out.put("study_completed", complete);
            if (!complete) {
                problems.add("study " + study + " is not complete");
            }
            ObjectNode ready = F.objectNode();
            for (String s : need(opts, "services").split(",")) {
                String[] nameUrl = s.split("=", 2);
                boolean up;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nameUrl[1] + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    up = r.statusCode() == 200 && r.body().contains("\"UP\"");
                } catch (IOException e) {
                    up = false;
                }
                ready.put(nameUrl[0], up);
                if (!up) {
                    problems.add(nameUrl[0] + " is not ready at the end");
                }
            }
            out.set("services_ready_at_end", ready);
            ArrayNode p = F.arrayNode();
            problems.forEach(p::add);
            out.set("problems", p);
            out.put("passed", problems.isEmpty());
            Files.writeString(Path.of(need(opts, "out")), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
            System.out.println(problems.isEmpty() ? "chaos: passed" : "chaos: " + problems.size() + " problem(s):");
            problems.forEach(x -> System.out.println("  - " + x));
        }

        static JsonNode tree(String json) {
            return Poison.tree(json);
        }

        /** Reads the kill log (bash) and the watch log; recovery is kill to "that run moves again". */
        void recovery(ObjectNode out) throws IOException {
            ObjectNode kills = F.objectNode();
            ArrayNode killList = F.arrayNode();
            ArrayNode restarts = F.arrayNode();
            int unexpected = 0;
            int adopted = 0;
            double worstReady = 0;
            List<JsonNode> watch = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(need(opts, "watch")))) {
                if (!line.isBlank()) {
                    JsonNode n = tree(line);
                    if (n.has("id")) {
                        watch.add(n);
                    }
                }
            }
            double worstRecovery = -1;
            int withWorkInFlight = 0;
            Map<String, ObjectNode> pendingKills = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(need(opts, "kills")))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 0 || f[0].isEmpty()) {
                    continue;
                }
                switch (f[0]) {
                    case "kill" -> { // kill <ms> <service> <pid>
                        long t = Long.parseLong(f[1]);
                        String service = f[2];
                        long pid = Long.parseLong(f[3]);
                        kills.put(service, kills.path(service).asInt(0) + 1);
                        ObjectNode k = F.objectNode().put("at_ms", t).put("service", service).put("pid", pid);
                        String coll = service.startsWith("trainer") ? "runs" : service.startsWith("evaluator") ? "eval_runs" : null;
                        if (coll != null) {
                            ArrayNode inFlight = F.arrayNode();
                            double worst = inFlightRecovery(watch, coll, pid, t, inFlight);
                            k.set("in_flight", inFlight);
                            if (!inFlight.isEmpty()) {
                                withWorkInFlight++;
                                k.put("recovery_s", worst < 0 ? null : worst);
                                if (worst < 0) {
                                    problems.add(service + " kill at " + t + ": a run it held never moved again");
                                }
                                worstRecovery = Math.max(worstRecovery, worst);
                            }
                        }
                        pendingKills.put(service, k);
                        killList.add(k);
                    }
                    case "ready" -> { // ready <ms> <service>
                        ObjectNode k = pendingKills.remove(f[2]);
                        if (k != null) {
                            double s = (Long.parseLong(f[1]) - k.get("at_ms").asLong()) / 1000.0;
                            k.put("ready_after_s", s);
                            worstReady = Math.max(worstReady, s);
                        }
                    }
                    case "restart" -> // restart <start-ms> <end-ms> <server> <rc>
                            restarts.add(F.objectNode().put("server", f[3]).put("at_ms", Long.parseLong(f[1]))
                                    .put("took_s", (Long.parseLong(f[2]) - Long.parseLong(f[1])) / 1000.0).put("rc", Integer.parseInt(f[4])));
                    case "adopted" -> adopted++; // adopted <ms> <service> <pid>: see chaos.sh, adopt_orphans
                    case "unexpected" -> { // unexpected <ms> <service>
                        unexpected++;
                        problems.add(f[2] + " was found dead at " + f[1] + " without having been killed by the harness");
                    }
                    default -> {
                    }
                }
            }
            pendingKills.forEach((s, k) -> problems.add(s + " killed at " + k.get("at_ms") + " never became ready again"));
            out.set("kills", kills);
            out.put("broker_restarts", restarts.findValues("server").stream().filter(n -> n.asText().equals("kafka")).count());
            out.put("mongo_restarts", restarts.findValues("server").stream().filter(n -> n.asText().equals("mongo")).count());
            out.set("server_restarts", restarts);
            if (worstRecovery >= 0) {
                out.put("recovery_s", worstRecovery);
            } else {
                out.putNull("recovery_s");
            }
            List<Double> moves = new ArrayList<>();
            killList.forEach(k -> k.path("in_flight").forEach(x -> {
                if (x.hasNonNull("moved_after_s")) {
                    moves.add(x.get("moved_after_s").asDouble());
                }
            }));
            moves.sort(Double::compare);
            if (moves.isEmpty()) {
                out.putNull("recovery_s_median");
            } else {
                out.put("recovery_s_median", moves.get(moves.size() / 2));
            }
            double lastQueued = 0;
            for (JsonNode k : killList) {
                for (JsonNode x : k.path("in_flight")) {
                    if (!x.path("held").asBoolean(true) && x.hasNonNull("moved_after_s")) {
                        lastQueued = Math.max(lastQueued, x.get("moved_after_s").asDouble());
                    }
                }
            }
            out.put("queued_evaluation_moved_after_s_max", lastQueued);
            out.put("kills_with_work_in_flight", withWorkInFlight);
            out.put("worst_service_ready_after_kill_s", worstReady);
            out.put("unexpected_deaths", unexpected);
            out.put("pid_files_lost_by_bin_stack", adopted);
            out.set("kill_log", killList);
        }

        /**
         * The runs a killed process held at the kill (its worker names are "host-pid/slot"; for the one evaluator also
         * the evaluations waiting for it), and how long until the work moved again (a heartbeat after the kill,
         * another worker, or another status): the worst over the runs it held, and for the evaluations waiting in
         * its queue the first of them to move (the later ones wait their turn behind it, which is queueing, not
         * recovery; each one's time stays in the list). -1 when one never moved.
         */
        static double inFlightRecovery(List<JsonNode> watch, String coll, long pid, long killMs, ArrayNode inFlight) {
            Pattern mine = Pattern.compile(".*-" + pid + "/\\d+$");
            Map<String, JsonNode> atKill = new LinkedHashMap<>();
            for (JsonNode n : watch) {
                if (n.path("c").asText().equals(coll) && n.path("t").asLong() <= killMs) {
                    atKill.put(n.path("id").asText(), n);
                }
            }
            double worst = 0;
            double firstWaiting = Double.MAX_VALUE;
            boolean waitingNeverMoved = false;
            for (JsonNode held : atKill.values()) {
                String status = held.path("status").asText();
                boolean holds = (status.equals("running") || status.equals("evaluating"))
                        && mine.matcher(held.path("worker").asText()).matches();
                boolean waitsForIt = coll.equals("eval_runs") && status.equals("pending"); // one evaluator process
                if (!holds && !waitsForIt) {
                    continue;
                }
                Double moved = null;
                boolean finishedBeforeKill = false;
                for (JsonNode n : watch) {
                    if (n.path("t").asLong() <= killMs || !n.path("c").asText().equals(coll)
                            || !n.path("id").asText().equals(held.path("id").asText())) {
                        continue;
                    }
                    // A write under the killed process's name was made before it died and seen late (the watcher
                    // polls): a claim, a renewal, or the end of the work. Only another process's write counts.
                    if (mine.matcher(n.path("worker").asText()).matches()) {
                        if (Set.of("completed", "evaluated", "failed").contains(n.path("status").asText())) {
                            finishedBeforeKill = true;
                            break;
                        }
                        continue;
                    }
                    moved = (n.path("t").asLong() - killMs) / 1000.0;
                    break;
                }
                if (finishedBeforeKill) {
                    continue;
                }
                inFlight.add(F.objectNode().put("run", held.path("id").asText()).put("status", status)
                        .put("held", holds).put("step", held.path("step").asLong())
                        .put("attempt", held.path("attempts").asInt()).put("moved_after_s", moved));
                if (holds) {
                    worst = moved == null ? -1 : (worst < 0 ? worst : Math.max(worst, moved));
                } else if (moved == null) {
                    waitingNeverMoved = true;
                } else {
                    firstWaiting = Math.min(firstWaiting, moved);
                }
            }
            if (waitingNeverMoved && firstWaiting == Double.MAX_VALUE) {
                return -1;
            }
            return worst < 0 || firstWaiting == Double.MAX_VALUE ? worst : Math.max(worst, firstWaiting);
        }

        void malformed(ObjectNode out, String bootstrap) throws Exception {
            List<JsonNode> ledger = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(need(opts, "ledger")))) {
                if (!line.isBlank()) {
                    ledger.add(tree(line));
                }
            }
            long waitMs = Long.parseLong(opts.getOrDefault("dead-letter-wait-s", "180")) * 1000;
            long deadline = System.currentTimeMillis() + waitMs;
            Map<String, Integer> found;
            Map<String, String> reasons;
            Map<String, String> foundOn;
            boolean lastLook = false;
            long notConsumed = 0;
            while (true) {
                found = new HashMap<>();
                reasons = new HashMap<>();
                foundOn = new HashMap<>();
                for (String dlq : List.of("s2l.dead-letter.trainer", "s2l.dead-letter.evaluator")) {
                    for (ConsumerRecord<String, String> r : readAll(bootstrap, dlq)) {
                        // Keyed records are matched by key (unique per record); keyless ones by where they were read.
                        String id = r.key() != null ? "key:" + r.key()
                                : "at:" + header(r, "dead-letter-topic") + "/" + header(r, "dead-letter-partition") + "/"
                                + header(r, "dead-letter-offset");
                        found.merge(id, 1, Integer::sum);
                        reasons.putIfAbsent(id, header(r, "dead-letter-reason"));
                        foundOn.putIfAbsent(id, dlq);
                    }
                }
                Map<String, Integer> seen = found;
                List<JsonNode> missing = ledger.stream().filter(l -> !seen.containsKey(ledgerId(l))).toList();
                if (missing.isEmpty() || lastLook) {
                    break;
                }
                // A record its consumer group has committed past was handled: its dead letter, if any, was written
                // before the commit. Once every missing record is past, one more look and the answer is final.
                Map<String, Map<TopicPartition, Long>> committed = committedOffsets(bootstrap);
                notConsumed = missing.stream().filter(l -> {
                    Long c = committed.getOrDefault(GROUPS.get(l.path("topic").asText()), Map.of())
                            .get(new TopicPartition(l.path("topic").asText(), l.path("partition").asInt()));
                    return c == null || c <= l.path("offset").asLong();
                }).count();
                if (notConsumed == 0 || System.currentTimeMillis() > deadline) {
                    lastLook = true;
                }
                Thread.sleep(lastLook ? 3000 : 5000);
            }
            int dead = 0;
            int copies = 0;
            int wrongTopic = 0;
            Map<String, int[]> perKind = new TreeMap<>();
            Set<String> topics = new HashSet<>();
            ArrayNode missingList = F.arrayNode();
            ObjectNode sampleReasons = F.objectNode();
            for (JsonNode l : ledger) {
                String id = ledgerId(l);
                String kind = l.path("kind").asText();
                topics.add(l.path("topic").asText());
                int[] k = perKind.computeIfAbsent(kind, x -> new int[2]);
                k[0]++;
                Integer n = found.get(id);
                if (n != null) {
                    if (!l.path("dead_letter_topic").asText().equals(foundOn.get(id))) {
                        wrongTopic++;
                    }
                    dead++;
                    k[1]++;
                    copies += n - 1;
                    if (!sampleReasons.has(kind)) {
                        sampleReasons.put(kind, reasons.get(id));
                    }
                } else {
                    missingList.add(F.objectNode().put("kind", kind).put("topic", l.path("topic").asText())
                            .put("key", l.path("key").asText(null)).put("partition", l.path("partition").asInt())
                            .put("offset", l.path("offset").asLong()).put("why_malformed", l.path("why").asText()));
                }
            }
            ObjectNode m = F.objectNode();
            m.put("sent", ledger.size()).put("dead_lettered", dead).put("kinds", perKind.size()).put("topics", topics.size());
            m.put("not_yet_consumed_at_the_end", notConsumed);
            m.put("dead_letter_copies", copies).put("on_an_unexpected_dead_letter_topic", wrongTopic);
            ObjectNode kinds = F.objectNode();
            perKind.forEach((kind, k) -> kinds.put(kind, k[1] + "/" + k[0]));
            m.set("dead_lettered_per_kind", kinds);
            m.set("not_dead_lettered", missingList);
            m.set("a_reason_per_kind", sampleReasons);
            out.set("malformed", m);
            // A kind missing every time it was sent is refused by no check of that consumer (chaos or not); one
            // missing only sometimes was lost to the chaos.
            Map<String, Integer> sentPerKindTopic = new HashMap<>();
            ledger.forEach(l -> sentPerKindTopic.merge(l.path("kind").asText() + " on " + l.path("topic").asText(), 1, Integer::sum));
            Map<String, Integer> byKind = new TreeMap<>();
            missingList.forEach(x -> byKind.merge(x.path("kind").asText() + " on " + x.path("topic").asText(), 1, Integer::sum));
            ObjectNode everyTime = F.objectNode();
            ObjectNode sometimes = F.objectNode();
            byKind.forEach((k, n) -> (n.equals(sentPerKindTopic.get(k)) ? everyTime : sometimes).put(k, n + "/" + sentPerKindTopic.get(k)));
            m.set("missing_every_time_sent", everyTime);
            m.set("missing_some_of_the_times_sent", sometimes);
            if (dead < ledger.size()) {
                problems.add((ledger.size() - dead) + " of " + ledger.size() + " malformed records were not dead-lettered: "
                        + everyTime.size() + " kind/topic pair(s) never (" + everyTime + ")"
                        + (sometimes.isEmpty() ? "" : ", and some of the time: " + sometimes));
            }
        }

        /** The consumer group that reads each consumed topic. */
        static final Map<String, String> GROUPS = Map.of(Topics.STUDIES, "s2l-trainer-planner",
                Topics.TRAINING_REQUESTS, "s2l-trainer-workers", Topics.STUDY_EVENTS, "s2l-evaluator-plans",
                Topics.TRAINING_EVENTS, "s2l-evaluator-runs");

        static Map<String, Map<TopicPartition, Long>> committedOffsets(String bootstrap) throws Exception {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
                for (String group : GROUPS.values()) {
                    Map<TopicPartition, Long> offsets = new HashMap<>();
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                            .forEach((tp, om) -> {
                                if (om != null) {
                                    offsets.put(tp, om.offset());
                                }
                            });
                    out.put(group, offsets);
                }
            }
            return out;
        }

        static String ledgerId(JsonNode l) {
            return l.hasNonNull("key") ? "key:" + l.get("key").asText()
                    : "at:" + l.path("topic").asText() + "/" + l.path("partition").asInt() + "/" + l.path("offset").asLong();
        }
    }
}
