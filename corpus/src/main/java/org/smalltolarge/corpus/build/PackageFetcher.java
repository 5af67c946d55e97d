package org.smalltolarge.corpus.build;

import org.smalltolarge.corpus.AtomicFiles;
import org.smalltolarge.corpus.Hashing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downloads packages into a cache folder ({@code npm pack}, {@code apt-get download}) and unpacks them
 * ({@code tar}, {@code dpkg-deb -x}) without installing anything. A package already in the cache is reused, so a
 * rebuild needs no network.
 */
final class PackageFetcher {
    private final Path cache;
    private final java.io.PrintStream log;
    private boolean aptUpdated;

    PackageFetcher(Path cache, java.io.PrintStream log) {
        this.cache = cache;
        this.log = log;
    }

    synchronized FetchedPackage fetch(PackageRef ref) {
        try {
            return ref.kind() == PackageRef.Kind.NPM ? fetchNpm(ref) : fetchDeb(ref);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + ref.spec() + ": " + e.getMessage(), e);
        }
    }

    private FetchedPackage fetchNpm(PackageRef ref) throws IOException {
        String name = ref.names().get(0);
        String base = name.replace("@", "").replace('/', '-') + "-" + ref.version();
        Path dir = Files.createDirectories(cache.resolve("npm"));
        Path tgz = dir.resolve(base + ".tgz");
        if (!Files.isRegularFile(tgz)) {
            log.println("  fetching npm " + name + "@" + ref.version());
            Path tmp = Files.createTempDirectory(dir, ".pack");
            try {
                // npm runs inside tmp, so the destination is "." (a relative tmp would be resolved twice)
                Tools.Result r = Tools.runOrFail(List.of("npm", "pack", "--silent", name + "@" + ref.version(),
                        "--pack-destination", "."), tmp);
                String[] lines = r.out().strip().split("\n");
                Path packed = tmp.resolve(lines[lines.length - 1].strip());
                if (!Files.isRegularFile(packed)) {
                    throw new IllegalStateException("npm pack " + name + " printed no tarball name: " + r.out());
                }
                Files.move(packed, tgz, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                AtomicFiles.deleteTree(tmp);
            }
        }
        Path root = unpack(tgz, base, out -> List.of("tar", "-xzf", tgz.toString(), "-C", out.toString()));
        return new FetchedPackage(ref, name, ref.version(), tgz.getFileName().toString(), Hashing.sha256Hex(tgz),
                root.resolve("package"));
    }

    private FetchedPackage fetchDeb(PackageRef ref) throws IOException {
        Path dir = Files.createDirectories(cache.resolve("deb"));
        StringBuilder why = new StringBuilder();
        for (String name : ref.names()) {
            Path deb = cachedDeb(dir, name);
            if (deb == null) {
                deb = downloadDeb(dir, name, why);
            }
            if (deb == null) {
                continue;
            }
            String version = Tools.runOrFail(List.of("dpkg-deb", "-f", deb.toString(), "Version"), null).out().strip();
            String base = deb.getFileName().toString().replaceAll("\\.deb$", "");
            Path debFile = deb;
            Path root = unpack(deb, base, out -> List.of("dpkg-deb", "-x", debFile.toString(), out.toString()));
            return new FetchedPackage(ref, name, version, deb.getFileName().toString(), Hashing.sha256Hex(deb), root);
        }
        throw new IllegalStateException("apt-get download found none of " + ref.names() + ": " + why.toString().strip());
    }

    private static Path cachedDeb(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + "_")
                            && p.getFileName().toString().endsWith(".deb"))
                    .sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    private Path downloadDeb(Path dir, String name, StringBuilder why) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            log.println("  fetching deb " + name);
            Path tmp = Files.createTempDirectory(dir, ".download");
            try {
                Tools.Result r = Tools.run(List.of("apt-get", "download", "-q", name), tmp, null);
                if (r.exitCode() == 0) {
                    Path got;
                    try (Stream<Path> s = Files.list(tmp)) {
                        got = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
                    }
                    if (got != null) {
                        Path target = dir.resolve(got.getFileName());
                        Files.move(got, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        return target;
                    }
                }
                why.append(name).append(": ").append(r.stderr().strip()).append("\n");
            } finally {
                AtomicFiles.deleteTree(tmp);
            }
            if (aptUpdated) {
                return null;
            }
            aptUpdated = true;
            log.println("  running apt-get update (package lists may be missing)");
            Tools.Result u = Tools.run(List.of("apt-get", "update", "-q"), null, null);
            if (u.exitCode() != 0) {
                why.append("apt-get update failed (run it as root): ").append(u.stderr().strip()).append("\n");
                return null;
            }
        }
        return null;
    }

    private interface UnpackCommand {
        List<String> command(Path out);
    }

    /** Unpacks once into cache/unpacked/base; a half-finished unpack never takes the final name. */
    private Path unpack(Path archive, String base, UnpackCommand cmd) throws IOException {
        Path parent = Files.createDirectories(cache.resolve("unpacked"));
        Path target = parent.resolve(base);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path tmp = Files.createTempDirectory(parent, "." + base);
        try {
            Tools.runOrFail(cmd.command(tmp), null);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        return target;
    }
}
