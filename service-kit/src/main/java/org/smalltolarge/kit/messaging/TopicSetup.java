package org.smalltolarge.kit.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Topics;

/**
 * Makes sure the platform's topics ({@link Topics#all()}, dead-letter topics included) exist before a service
 * relies on them, instead of counting on the broker's auto-creation (off in production clusters). Modes, from
 * {@code s2l.topics.mode}: {@code create} (default) creates what is missing with {@code s2l.topics.partitions}
 * partitions and the broker's default replication; {@code verify} only checks, for clusters where an operator owns
 * the topics (Strimzi's KafkaTopic objects), and refuses to start when one is missing; {@code off} does nothing. A
 * broker that does not answer within {@code s2l.topics.timeout} is logged and start-up goes on: a service restarted
 * while the broker restarts must come up, and it reconnects on its own.
 */
@ApplicationScoped
public class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    void onStart(@Observes @Priority(1) StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        String mode = config.getOptionalValue("s2l.topics.mode", String.class).orElse("create");
        if ("off".equals(mode)) {
            return;
        }
        if (!Set.of("create", "verify").contains(mode)) {
            throw new IllegalStateException("s2l.topics.mode is '" + mode + "'; use create, verify or off");
        }
        Optional<String> bootstrap = config.getOptionalValue("kafka.bootstrap.servers", String.class);
        if (bootstrap.isEmpty()) {
            return; // no Kafka configured (a test of REST alone): nothing to set up
        }
        int partitions = config.getOptionalValue("s2l.topics.partitions", Integer.class).orElse(4);
        Duration timeout = config.getOptionalValue("s2l.topics.timeout", Duration.class).orElse(Duration.ofSeconds(20));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            List<String> missing = ensure(admin, Topics.all(), "create".equals(mode), partitions, timeout);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Kafka topics " + missing + " are missing at " + bootstrap.get()
                        + " and s2l.topics.mode=verify: the cluster's topic definitions (KafkaTopic objects) must"
                        + " include every topic of " + Topics.all());
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.warnf("Kafka at %s did not answer while checking topics (%s); going on, topics are checked again at the"
                    + " next start", bootstrap.get(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Creates the topics of {@code wanted} that do not exist (when {@code create}), and returns those still missing.
     */
    static List<String> ensure(Admin admin, List<String> wanted, boolean create, int partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        TreeSet<String> missing = new TreeSet<>(wanted);
        missing.removeAll(existing);
        if (missing.isEmpty() || !create) {
            return List.copyOf(missing);
        }
        List<NewTopic> topics = missing.stream()
                .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty())).toList();
        for (var result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("created Kafka topic %s (%d partitions)", result.getKey(), partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another service created it meanwhile
                    throw e;
                }
            }
        }
        return List.of();
    }
}
