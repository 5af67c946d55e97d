package org.smalltolarge.corpus.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the external programs the builder needs, with an install hint when one is missing. */
public final class Tools {
    /** Which Debian package provides each program. */
    private static final Map<String, String> PROVIDER = Map.of(
            "npm", "npm (apt-get install npm)",
            "apt-get", "apt (a Debian or Ubuntu machine)",
            "dpkg-deb", "dpkg (apt-get install dpkg)",
            "groff", "groff-base (apt-get install groff-base)",
            "tar", "tar (apt-get install tar)");

    private Tools() {
    }

    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    public static Result run(List<String> command, Path workDir, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            String tool = Path.of(command.get(0)).getFileName().toString();
            throw new IllegalStateException("cannot run '" + command.get(0) + "': " + e.getMessage()
                    + (PROVIDER.containsKey(tool) ? "; install " + PROVIDER.get(tool) : ""), e);
        }
        // Own threads, not the common pool: each blocks until the program ends, and pools can run out of threads.
        byte[][] err = new byte[1][];
        Thread errReader = new Thread(() -> err[0] = readAll(p.getErrorStream()), "stderr-" + command.get(0));
        errReader.start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // the program may stop reading early; its exit code tells
            }
        }, "stdin-" + command.get(0));
        feeder.start();
        try {
            byte[] out = readAll(p.getInputStream());
            int code = p.waitFor();
            errReader.join();
            feeder.join();
            return new Result(code, out, new String(err[0], StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    public static Result runOrFail(List<String> command, Path workDir) {
        Result r = run(command, workDir, null);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return r;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            in.transferTo(bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
