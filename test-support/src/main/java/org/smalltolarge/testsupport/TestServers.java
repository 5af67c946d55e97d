package org.smalltolarge.testsupport;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Kafka and MongoDB for tests, Quarkus or not. Each server is resolved once per JVM, in this order:
 * <ol>
 *   <li>the environment: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code QUARKUS_MONGODB_CONNECTION_STRING}
 *       (CI sets them after starting the servers with infra/servers.sh);</li>
 *   <li>Testcontainers ({@code apache/kafka}, {@code mongo} as a one-node replica set) when Docker answers;</li>
 *   <li>the project's own {@code infra/servers.sh} with a separate state folder and test ports
 *       (see {@link ScriptServers}).</li>
 * </ol>
 * {@code S2L_TEST_SERVERS=containers|script} skips the choice between 2 and 3 (the environment still wins).
 */
public final class TestServers {

    public static final String KAFKA_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String MONGO_ENV = "QUARKUS_MONGODB_CONNECTION_STRING";
    public static final String MODE_ENV = "S2L_TEST_SERVERS";

    private static final Logger LOG = Logger.getLogger(TestServers.class.getName());

    // Quarkus may load this class once per test application class loader; system properties are shared by
    // the whole JVM, so a server resolved under one loader is reused under the next instead of started again.
    private static final String CACHE_PREFIX = "org.smalltolarge.testsupport.";

    private TestServers() {
    }

    /** Bootstrap servers of a running Kafka broker, e.g. "127.0.0.1:19092". Starts it if needed. */
    public static String kafkaBootstrap() {
        return kafka().address();
    }

    /** Connection string of a running MongoDB-protocol server, e.g. "mongodb://127.0.0.1:37017". */
    public static String mongoConnectionString() {
        return mongo().address();
    }

    public static ServerEndpoint kafka() {
        return resolve("kafka", KAFKA_ENV, ServerEndpoint.Kind.KAFKA,
                ContainerServers::startKafka, () -> ScriptServers.forThisJvm().start("kafka"));
    }

    public static ServerEndpoint mongo() {
        return resolve("mongo", MONGO_ENV, ServerEndpoint.Kind.UNKNOWN,
                ContainerServers::startMongo, () -> ScriptServers.forThisJvm().start("mongo"));
    }

    /**
     * What the tests run against, without starting anything, e.g.
     * "test backend: Kafka=project script 127.0.0.1:19092, MongoDB=project script, mongo-java-server (memory) ...".
     */
    public static String description() {
        return "test backend: Kafka=" + describeCached("kafka") + ", MongoDB=" + describeCached("mongo");
    }

    /** True when MongoDB is known to be a real mongod (multi-document transactions, TTL indexes work). */
    public static boolean mongoIsRealMongod() {
        return mongo().kind() == ServerEndpoint.Kind.MONGOD;
    }

    private static synchronized ServerEndpoint resolve(String server, String envName, ServerEndpoint.Kind envKind,
                                                       Supplier<ServerEndpoint> containers,
                                                       Supplier<ServerEndpoint> script) {
        ServerEndpoint cached = cached(server);
        if (cached != null) {
            return cached;
        }
        ServerEndpoint endpoint;
        String fromEnv = System.getenv(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            endpoint = new ServerEndpoint(fromEnv.trim(), "environment " + envName, envKind);
        } else {
            endpoint = switch (mode()) {
                case "containers" -> {
                    if (!dockerAvailable()) {
                        throw new IllegalStateException(MODE_ENV + "=containers, but Docker is not available");
                    }
                    yield containers.get();
                }
                case "script" -> script.get();
                default -> dockerAvailable() ? containers.get() : script.get();
            };
        }
        System.setProperty(CACHE_PREFIX + server + ".address", endpoint.address());
        System.setProperty(CACHE_PREFIX + server + ".source", endpoint.source());
        System.setProperty(CACHE_PREFIX + server + ".kind", endpoint.kind().name());
        LOG.info("test backend: " + (server.equals("kafka") ? "Kafka=" : "MongoDB=") + endpoint.describe());
        return endpoint;
    }

    private static ServerEndpoint cached(String server) {
        String address = System.getProperty(CACHE_PREFIX + server + ".address");
        if (address == null) {
            return null;
        }
        return new ServerEndpoint(address, System.getProperty(CACHE_PREFIX + server + ".source"),
                ServerEndpoint.Kind.valueOf(System.getProperty(CACHE_PREFIX + server + ".kind")));
    }

    private static String describeCached(String server) {
        ServerEndpoint endpoint = cached(server);
        return endpoint == null ? "(not started)" : endpoint.describe();
    }

    private static String mode() {
        String mode = System.getenv(MODE_ENV);
        if (mode == null || mode.isBlank()) {
            return "auto";
        }
        mode = mode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("containers") && !mode.equals("script")) {
            throw new IllegalStateException(MODE_ENV + " must be auto, containers or script, got '" + mode + "'");
        }
        return mode;
    }

    private static boolean dockerAvailable() {
        try {
            return ContainerServers.dockerAvailable();
        } catch (LinkageError e) {
            // Testcontainers left off the class path: the project script still works
            return false;
        }
    }
}
