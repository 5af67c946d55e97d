package org.smalltolarge.objectstore;

import java.net.URI;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the S3-compatible server is and how to sign for it. Read from the environment by every service:
 * {@value #ENDPOINT_ENV} (e.g. {@code http://minio.s2l.svc:9000}; buckets are addressed path-style, as MinIO and
 * S3Proxy expect), {@value #REGION_ENV} (default {@value #DEFAULT_REGION}), and the standard
 * {@value #ACCESS_KEY_ENV} / {@value #SECRET_KEY_ENV}.
 */
public record S3Settings(URI endpoint, String region, String accessKey, String secretKey) {

    public static final String ENDPOINT_ENV = "S2L_S3_ENDPOINT";
    public static final String REGION_ENV = "S2L_S3_REGION";
    public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' (" + ENDPOINT_ENV
                    + ") must be an http:// or https:// URL with a host, e.g. http://minio.s2l.svc:9000");
        }
        if (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty() && !endpoint.getRawPath().equals("/")) {
            throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' (" + ENDPOINT_ENV
                    + ") must not have a path: buckets are addressed as <endpoint>/<bucket>/<key>");
        }
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 endpoint " + endpoint + " needs credentials: set " + ACCESS_KEY_ENV
                    + " and " + SECRET_KEY_ENV);
        }
    }

    /** The settings from the process environment; fails naming the variable that is missing or wrong. */
    public static S3Settings fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    /** As {@link #fromEnvironment()}, reading variables through {@code env} (tests, or a merged configuration). */
    public static S3Settings fromEnvironment(Function<String, String> env) {
        String endpoint = env.apply(ENDPOINT_ENV);
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(ENDPOINT_ENV + " is not set: an s3:// location needs the URL of the"
                    + " S3-compatible server, e.g. " + ENDPOINT_ENV + "=http://minio.s2l.svc:9000");
        }
        URI uri;
        try {
            uri = URI.create(endpoint.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENDPOINT_ENV + "='" + endpoint + "' is not a URL: " + e.getMessage(), e);
        }
        return new S3Settings(uri, env.apply(REGION_ENV), env.apply(ACCESS_KEY_ENV), env.apply(SECRET_KEY_ENV));
    }

    /** True when the environment names an endpoint (the rest may still be wrong). */
    public static boolean configured(Function<String, String> env) {
        String endpoint = env.apply(ENDPOINT_ENV);
        return endpoint != null && !endpoint.isBlank();
    }

    @Override
    public String toString() { // never the secret
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey + "]";
    }
}
