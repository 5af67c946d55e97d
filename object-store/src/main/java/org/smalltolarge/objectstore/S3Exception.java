package org.smalltolarge.objectstore;

import java.io.IOException;

/**
 * An S3 request that failed: the message names the operation, the {@code s3://} location, the endpoint, the HTTP
 * status and S3's error code and message (e.g. {@code NoSuchBucket}, {@code SignatureDoesNotMatch}).
 */
public class S3Exception extends IOException {
    private final int status;
    private final String code;

    public S3Exception(String message, int status, String code, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no answer came (connection refused, timeout). */
    public int status() {
        return status;
    }

    /** S3's error code, e.g. {@code NoSuchKey}; empty when the answer had none. */
    public String code() {
        return code;
    }

    public boolean notFound() {
        return status == 404;
    }
}
