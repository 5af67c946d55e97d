package org.smalltolarge.objectstore;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The signer against the worked example that AWS publishes for SigV4 with S3 ("GET Object", 2013-05-24). */
class SigV4Test {

    @Test
    void signsAwsPublishedGetObjectExample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "examplebucket.s3.amazonaws.com");
        headers.put("range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
        headers.put("x-amz-date", "20130524T000000Z");
        String authorization = SigV4.authorization("GET", "/test.txt", Map.of(), headers, SigV4.EMPTY_SHA256,
                "20130524T000000Z", "us-east-1", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", authorization);
    }

    @Test
    void encodesKeysAndQueriesAsSigV4Wants() {
        assertEquals("a/b%20c/%C3%A9~_.-", SigV4.encode("a/b c/é~_.-", false));
        assertEquals("a%2Fb", SigV4.encode("a/b", true));
        assertEquals("list-type=2&prefix=run%2Fstep", SigV4.canonicalQuery(Map.of("prefix", "run/step",
                "list-type", "2")));
    }
}
