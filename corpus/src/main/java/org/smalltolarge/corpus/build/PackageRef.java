package org.smalltolarge.corpus.build;

import java.util.List;

/**
 * A package to fetch. npm packages are pinned to a version; Debian serves only its current point release, so a deb
 * names candidate package names (the first one apt knows is used) and records the version it got.
 */
public record PackageRef(Kind kind, List<String> names, String version) {
    public enum Kind { NPM, DEB }

    public static PackageRef npm(String name, String version) {
        return new PackageRef(Kind.NPM, List.of(name), version);
    }

    public static PackageRef deb(String... candidates) {
        return new PackageRef(Kind.DEB, List.of(candidates), null);
    }

    /** What the build key depends on. */
    public String spec() {
        return kind == Kind.NPM ? "npm:" + names.get(0) + "@" + version : "deb:" + String.join("|", names);
    }
}
