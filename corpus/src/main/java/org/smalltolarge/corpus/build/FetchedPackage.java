package org.smalltolarge.corpus.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A downloaded and unpacked package: what the manifest records and where its files are. */
public record FetchedPackage(PackageRef ref, String name, String version, String archive, String sha256, Path root) {
    /** Regular files (no links) under a folder of the package, sorted by path. */
    public List<Path> files(String under) {
        Path dir = root.resolve(under).normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("package " + name + " " + version + " has no folder " + under);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first existing folder among alternatives (package layouts differ between releases). */
    public Path firstDir(String... candidates) {
        for (String c : candidates) {
            Path p = root.resolve(c);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("package " + name + " " + version + " has none of " + List.of(candidates));
    }

    public String rel(Path p) {
        return root.relativize(p).toString();
    }
}
