package org.smalltolarge.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a Quarkus test a Kafka broker and a MongoDB server, and turns Dev Services off:
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
 * class MyServiceTest { ... }
 * </pre>
 *
 * The servers come from {@link TestServers} (environment, else Testcontainers, else infra/servers.sh), are
 * started once per JVM however many test classes use this resource, and are stopped when the JVM exits.
 */
public class KafkaAndMongoResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", TestServers.kafkaBootstrap(),
                "quarkus.mongodb.connection-string", TestServers.mongoConnectionString(),
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.mongodb.devservices.enabled", "false",
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Deliberately empty: the next test class would otherwise pay the broker's start-up again.
        // TestServers stops what it started when the JVM exits.
    }

    /** Which servers the tests run against, e.g. for a test to print or to skip what needs a real mongod. */
    public static String backendDescription() {
        return TestServers.description();
    }
}
