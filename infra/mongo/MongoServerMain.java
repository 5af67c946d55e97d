import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server (MongoDB wire protocol) on loopback until SIGTERM.
 *
 * <pre>
 * java -cp 'infra/lib/mongo/*:infra/lib/mongo-launcher' MongoServerMain --port 27017 --backend h2 --data DIR
 * </pre>
 *
 * The oplog is on so that change streams work. With the h2 backend the data lives in DIR/mongo.mv.db;
 * every command's changes are committed to the file before the reply, so an acknowledged write survives
 * even a killed process, and SIGTERM closes the store cleanly. Exit codes: 2 bad arguments,
 * 3 port already taken, 4 data file cannot be opened.
 */
public final class MongoServerMain {

    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MongoServerMain: " + e.getMessage());
            System.err.println("usage: MongoServerMain --port N --backend h2|memory [--data DIR]");
            System.exit(2);
            return;
        }

        MongoBackend backend = openBackend(options);
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        try {
            server.bind(HOST, options.port);
        } catch (RuntimeException e) {
            backend.close();
            if (hasCause(e, BindException.class)) {
                System.err.println("MongoServerMain: port " + HOST + ":" + options.port + " is already in use");
                System.exit(3);
            }
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MongoServerMain: stopping (closing the " + options.backend + " backend)");
            server.shutdown(); // also closes the backend; for h2 this flushes the store to disk
            System.out.println("MongoServerMain: stopped");
            System.out.flush();
            stopped.countDown();
        }, "mongo-shutdown"));

        String where = options.backend.equals("h2") ? " data " + options.dataFile() : "";
        System.out.println("MongoServerMain: ready on " + HOST + ":" + options.port
                + " backend " + options.backend + where);
        System.out.flush();
        stopped.await();
    }

    private static MongoBackend openBackend(Options options) {
        if (options.backend.equals("memory")) {
            return new MemoryBackend();
        }
        Path file = options.dataFile();
        try {
            Files.createDirectories(file.getParent());
            return new CommitEachCommandH2Backend(file.toString());
        } catch (IOException | RuntimeException e) {
            // typical cause: another server already holds the file lock on this data file
            System.err.println("MongoServerMain: cannot open data file " + file + ": " + e.getMessage());
            System.exit(4);
            return null;
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * H2's store otherwise commits on a timer (about once a second), so a write the client saw acknowledged
     * could vanish if the process is killed; committing after each command closes that window.
     */
    private static final class CommitEachCommandH2Backend extends H2Backend {

        CommitEachCommandH2Backend(String fileName) {
            super(fileName);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            try {
                return super.handleCommand(channel, database, command, query);
            } finally {
                commitIfChanged();
            }
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            try {
                return super.handleMessage(message);
            } finally {
                commitIfChanged();
            }
        }

        private void commitIfChanged() {
            if (getMvStore().hasUnsavedChanges()) {
                commit();
            }
        }
    }

    private record Options(int port, String backend, Path dataDir) {

        Path dataFile() {
            return dataDir.resolve("mongo.mv.db");
        }

        static Options parse(String[] args) {
            Integer port = null;
            String backend = "h2";
            Path dataDir = null;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--port" -> port = parsePort(value);
                    case "--backend" -> backend = value;
                    case "--data" -> dataDir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (port == null) {
                throw new IllegalArgumentException("--port is required");
            }
            if (!backend.equals("h2") && !backend.equals("memory")) {
                throw new IllegalArgumentException("--backend must be h2 or memory, got '" + backend + "'");
            }
            if (backend.equals("h2") && dataDir == null) {
                throw new IllegalArgumentException("--data DIR is required with --backend h2");
            }
            return new Options(port, backend, dataDir);
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("--port must be a number from 1 to 65535, got '" + value + "'");
        }
    }
}
