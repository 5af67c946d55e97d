package org.smalltolarge.corpus.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            if (stdin != null) {
                CompletableFuture.runAsync(() -> {
                    try (var in = p.getOutputStream()) {
                        in.write(stdin);
                    } catch (IOException ignored) {
                        // the program may stop reading early; its exit code tells
                    }
                });
            } else {
                p.getOutputStream().close();
            }
            byte[] out = readAll(p.getInputStream());
            int code = p.waitFor();
            return new Result(code, out, new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
