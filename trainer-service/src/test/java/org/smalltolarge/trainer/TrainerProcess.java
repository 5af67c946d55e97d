package org.smalltolarge.trainer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The packaged trainer service run as its own operating-system process, as a deployment runs it. */
final class TrainerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private TrainerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static TrainerProcess start(Map<String, String> env, Path log) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the package phase first");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx1g", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().putAll(environment);
        TrainerProcess trainer = new TrainerProcess(pb.start(), log);
        try {
            trainer.awaitReady(port, Duration.ofSeconds(90));
        } catch (Exception | Error e) { // not ready: never left behind training on the test servers
            trainer.kill();
            throw e;
        }
        return trainer;
    }

    private void awaitReady(int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("trainer exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("trainer not ready within " + timeout + "; see " + log);
    }

    /**
     * SIGTERM, as Kubernetes sends it to an evicted pod, then waits up to {@code grace} for the process to exit;
     * true when it exited by itself.
     */
    boolean terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The operating-system process id (worker names are {@code <host>-<pid>/<slot>}). */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is released; exactly what a crashed node looks like. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
