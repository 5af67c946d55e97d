package org.smalltolarge.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Servers started with the project's own infra/servers.sh, apart from a developer's: state folder
 * {@code <repo>/.state/test}, Kafka on 19092, mongo-java-server (memory backend) on 37017.
 * Overrides: S2L_REPO_DIR, S2L_TEST_STATE_DIR, S2L_TEST_KAFKA_PORT, S2L_TEST_MONGO_PORT.
 *
 * <p>Several test JVMs may share these servers (parallel module builds): each JVM registers itself in
 * {@code <state>/users/<pid>}; the first one in starts from empty data, the last one out stops the servers.
 * S2L_TEST_KEEP_SERVERS=true leaves them running (and their data) for faster repeated local runs.
 */
final class ScriptServers {

    private static final Logger LOG = Logger.getLogger(ScriptServers.class.getName());
    private static final long SCRIPT_TIMEOUT_MINUTES = 10; // covers a first install that downloads the jars

    private static ScriptServers instance;

    private final Path script;
    private final Path stateDir;
    private final int kafkaPort;
    private final int mongoPort;
    private final boolean keepServers;
    private final Path userFile;
    // JVM-wide (Quarkus may load this class in several class loaders): registered once, released once
    private static final String REGISTERED_PROPERTY = "org.smalltolarge.testsupport.script.registered";

    private ScriptServers(Path repo) {
        this.script = repo.resolve("infra/servers.sh");
        this.stateDir = Path.of(envOr("S2L_TEST_STATE_DIR", repo.resolve(".state/test").toString()));
        this.kafkaPort = Integer.parseInt(envOr("S2L_TEST_KAFKA_PORT", "19092"));
        this.mongoPort = Integer.parseInt(envOr("S2L_TEST_MONGO_PORT", "37017"));
        this.keepServers = Boolean.parseBoolean(envOr("S2L_TEST_KEEP_SERVERS", "false"));
        this.userFile = stateDir.resolve("users").resolve(Long.toString(ProcessHandle.current().pid()));
    }

    static synchronized ScriptServers forThisJvm() {
        if (instance == null) {
            instance = new ScriptServers(findRepo());
        }
        return instance;
    }

    /** Starts "kafka" or "mongo" (a no-op when already running) and says where it is. */
    synchronized ServerEndpoint start(String server) {
        try (FileChannel channel = openUsersLock(); FileLock ignored = channel.lock()) {
            if (System.getProperty(REGISTERED_PROPERTY) == null) {
                register();
            }
            run("start", server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the test state folder " + stateDir, e);
        }
        return server.equals("kafka")
                ? new ServerEndpoint("127.0.0.1:" + kafkaPort, "project script", ServerEndpoint.Kind.KAFKA)
                : new ServerEndpoint("mongodb://127.0.0.1:" + mongoPort,
                        "project script, mongo-java-server (memory)", ServerEndpoint.Kind.MONGO_JAVA_SERVER);
    }

    private void register() throws IOException {
        List<Path> others = liveUsers();
        if (others.isEmpty() && !keepServers) {
            // servers left over by a JVM that died without its shutdown hook: start afresh, with empty topics
            run("stop", "all");
            run("wipe", "all");
        }
        Files.createDirectories(userFile.getParent());
        Files.writeString(userFile, "test JVM using the servers in " + stateDir + "\n");
        System.setProperty(REGISTERED_PROPERTY, userFile.toString());
        Runtime.getRuntime().addShutdownHook(new Thread(this::release, "s2l-test-servers-stop"));
    }

    private void release() {
        try (FileChannel channel = openUsersLock(); FileLock ignored = channel.lock()) {
            Files.deleteIfExists(userFile);
            if (liveUsers().isEmpty() && !keepServers) {
                run("stop", "all");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("could not stop the test servers in " + stateDir + ": " + e.getMessage());
        }
    }

    /** Other JVMs registered as users and still alive; files of dead ones are removed. */
    private List<Path> liveUsers() throws IOException {
        Path users = stateDir.resolve("users");
        List<Path> live = new ArrayList<>();
        if (!Files.isDirectory(users)) {
            return live;
        }
        try (Stream<Path> files = Files.list(users)) {
            for (Path file : files.toList()) {
                if (file.equals(userFile)) {
                    continue;
                }
                if (isAlivePid(file.getFileName().toString())) {
                    live.add(file);
                } else {
                    Files.deleteIfExists(file);
                }
            }
        }
        return live;
    }

    private static boolean isAlivePid(String name) {
        try {
            return ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private FileChannel openUsersLock() throws IOException {
        Files.createDirectories(stateDir);
        return FileChannel.open(stateDir.resolve("users.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private void run(String command, String which) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command, which).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("S2L_STATE_DIR", stateDir.toString());
        env.put("KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(kafkaPort + 1));
        env.put("MONGO_PORT", Integer.toString(mongoPort));
        env.put("MONGO_BACKEND", "memory");
        String commandLine = "infra/servers.sh " + command + " " + which;
        List<String> output = new ArrayList<>();
        int exitCode;
        try {
            Process process = builder.start();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    output.add(line);
                    LOG.info(commandLine + ": " + line);
                }
            }
            if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(commandLine + " did not finish in " + SCRIPT_TIMEOUT_MINUTES + " min");
            }
            exitCode = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + commandLine, e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException(commandLine + " failed with exit code " + exitCode
                    + " (S2L_STATE_DIR=" + stateDir + "); its output:\n" + String.join("\n", output));
        }
    }

    /** The folder holding infra/servers.sh: S2L_REPO_DIR, else user.dir or one of its parents. */
    static Path findRepo() {
        String explicit = System.getenv("S2L_REPO_DIR");
        if (explicit != null && !explicit.isBlank()) {
            Path repo = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(repo.resolve("infra/servers.sh"))) {
                throw new IllegalStateException("S2L_REPO_DIR=" + explicit + " holds no infra/servers.sh");
            }
            return repo;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/servers.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no test servers: " + TestServers.KAFKA_ENV + " / " + TestServers.MONGO_ENV
                + " are not set, Docker is not available, and no infra/servers.sh was found in " + start
                + " or its parents (set S2L_REPO_DIR)");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
