package org.smalltolarge.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real Kafka and a real mongod in Docker. The containers live until the JVM exits, when Testcontainers'
 * reaper (Ryuk) removes them; images can be overridden with S2L_TEST_KAFKA_IMAGE / S2L_TEST_MONGO_IMAGE.
 */
final class ContainerServers {

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2"; // same version as the clients
    private static final String MONGO_IMAGE = "mongo:7.0";

    private ContainerServers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ServerEndpoint startKafka() {
        String image = imageOr("S2L_TEST_KAFKA_IMAGE", KAFKA_IMAGE);
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_NUM_PARTITIONS", "4"); // as infra/servers.sh, so consumers can scale in tests
        kafka.start();
        return new ServerEndpoint(kafka.getBootstrapServers(), "Testcontainers " + image, ServerEndpoint.Kind.KAFKA);
    }

    static ServerEndpoint startMongo() {
        String image = imageOr("S2L_TEST_MONGO_IMAGE", MONGO_IMAGE);
        // a one-node replica set: change streams and transactions need one
        MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mongo"))
                .withReplicaSet();
        mongo.start();
        return new ServerEndpoint(mongo.getConnectionString(), "Testcontainers " + image + " (real mongod)",
                ServerEndpoint.Kind.MONGOD);
    }

    private static String imageOr(String envName, String fallback) {
        String image = System.getenv(envName);
        return image == null || image.isBlank() ? fallback : image.trim();
    }
}
