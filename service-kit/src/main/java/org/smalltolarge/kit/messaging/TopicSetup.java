package org.smalltolarge.kit.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
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
 * {@code s2l.topics.mode}: {@code create} (default) creates what is missing, in the background, with
 * {@code s2l.topics.partitions} partitions and the broker's default replication; {@code verify} only checks, for
 * clusters where an operator owns the topics (Strimzi's KafkaTopic objects), and refuses to start when one is
 * missing; {@code off} does nothing. A broker that does not answer within {@code s2l.topics.timeout} is logged and
 * start-up goes on: a service restarted while the broker restarts must come up, and it reconnects on its own.
 */
@ApplicationScoped
public class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    /** Quarkus's {@code kafka.*} settings (bootstrap, SASL, TLS), shared by every Kafka client of the service. */
    @Inject
    @Identifier("default-kafka-broker")
    Instance<Map<String, Object>> brokerSettings;

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
        Map<String, Object> settings = adminSettings(brokerSettings.isResolvable() ? brokerSettings.get() : Map.of(),
                bootstrap.get(), timeout);
        if ("create".equals(mode)) { // in the background: a broker that is restarting must not delay readiness
            Thread creator = new Thread(() -> {
                try {
                    check(settings, bootstrap.get(), true, partitions, timeout);
                } catch (RuntimeException e) { // the broker's auto-creation, where it is on, still covers us
                    LOG.warnf(e, "Kafka topics could not be created at %s", bootstrap.get());
                }
            }, "topic-setup");
            creator.setDaemon(true);
            creator.start();
        } else {
            check(settings, bootstrap.get(), false, partitions, timeout);
        }
    }

    private static void check(Map<String, Object> settings, String bootstrap, boolean create, int partitions,
            Duration timeout) {
        try (Admin admin = Admin.create(settings)) {
            List<String> missing = ensure(admin, Topics.all(), create, partitions, timeout);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Kafka topics " + missing + " are missing at " + bootstrap
                        + " and s2l.topics.mode=verify: the cluster's topic definitions (KafkaTopic objects) must"
                        + " include every topic of " + Topics.all());
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.warnf("Kafka at %s did not answer while checking topics (%s); going on, topics are checked again at the"
                    + " next start", bootstrap, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The admin client's settings: the service's own Kafka client settings (the {@code kafka.*} ones, so that SASL
     * and TLS apply to it as to the consumers), with this check's timeouts.
     */
    static Map<String, Object> adminSettings(Map<String, Object> shared, String bootstrap, Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        shared.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // the client insists that the whole call may take at least as long as one request
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return settings;
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
