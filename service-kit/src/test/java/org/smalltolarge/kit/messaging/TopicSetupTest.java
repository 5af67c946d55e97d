package org.smalltolarge.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.testsupport.TestServers;

/** Topic set-up against the real broker the tests use. */
@Tag("slow") // needs Kafka
class TopicSetupTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void missingTopicsAreCreatedOnceOrReportedWhenOnlyVerifying() throws Exception {
        String prefix = "s2l.topic-setup-test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        List<String> wanted = List.of(prefix + "a", prefix + "b");
        // the settings the service start-up uses, with a setting the admin client does not know (dropped)
        try (Admin admin = Admin.create(TopicSetup.adminSettings(Map.of("value.deserializer", "x",
                AdminClientConfig.CLIENT_ID_CONFIG, "topic-setup-test"), TestServers.kafkaBootstrap(),
                Duration.ofSeconds(20)))) {
            assertEquals(wanted, TopicSetup.ensure(admin, wanted, false, 3, TIMEOUT), "verify: both are missing");
            assertEquals(List.of(), TopicSetup.ensure(admin, wanted, true, 3, TIMEOUT));
            Map<String, TopicDescription> created = admin.describeTopics(wanted).allTopicNames().get();
            created.values().forEach(d -> assertEquals(3, d.partitions().size(), d.name()));
            assertEquals(List.of(), TopicSetup.ensure(admin, wanted, true, 3, TIMEOUT), "a second start changes nothing");
            assertEquals(List.of(), TopicSetup.ensure(admin, wanted, false, 3, TIMEOUT), "verify: all there now");
            assertTrue(admin.listTopics().names().get().containsAll(wanted));
        }
    }
}
