package org.smalltolarge.objectstore;

import java.util.ArrayList;
import java.util.List;

/**
 * A bucket and a key (or key prefix), written {@code s3://bucket/key}. Keys here are paths of plain segments
 * ({@code [A-Za-z0-9._-]}, never {@code .} or {@code ..}): they are mirrored into local folders, so a key from an
 * event must not be able to climb out of the cache.
 */
public record S3Location(String bucket, String key) {

    public S3Location {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name (3-63 characters: lower-case"
                    + " letters, digits, dots and hyphens)");
        }
        key = key == null ? "" : key;
        if (!key.isEmpty()) {
            segments(key, "key '" + key + "'");
        }
    }

    /**
     * Parses {@code s3://bucket/some/prefix} (a trailing slash is allowed and dropped). Fails saying what is wrong,
     * naming the text.
     */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3:// URI (s3://bucket/prefix)");
        }
        String rest = uri.substring("s3://".length());
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        try {
            return new S3Location(bucket, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a usable s3:// URI: " + e.getMessage(), e);
        }
    }

    /** This location with {@code relative} (one or more segments, {@code /}-separated) appended to the key. */
    public S3Location resolve(String relative) {
        return new S3Location(bucket, key.isEmpty() ? relative : key + "/" + relative);
    }

    /** The key's segments (empty for the bucket's root). */
    public List<String> segments() {
        return key.isEmpty() ? List.of() : segments(key, "key '" + key + "'");
    }

    /** The key as a folder prefix: {@code key/}, or empty at the bucket's root. */
    public String prefix() {
        return key.isEmpty() ? "" : key + "/";
    }

    public String uri() {
        return "s3://" + bucket + (key.isEmpty() ? "" : "/" + key);
    }

    @Override
    public String toString() {
        return uri();
    }

    private static List<String> segments(String key, String what) {
        List<String> out = new ArrayList<>();
        for (String s : key.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || !s.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(what + " has a segment '" + s + "'; segments are non-empty,"
                        + " of [A-Za-z0-9._-], and not . or ..");
            }
            out.add(s);
        }
        return out;
    }
}
