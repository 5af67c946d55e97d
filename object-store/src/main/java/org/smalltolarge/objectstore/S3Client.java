package org.smalltolarge.objectstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The S3 calls that checkpoints and the corpus need, over {@code java.net.http} with Signature V4 and path-style
 * addressing ({@code <endpoint>/<bucket>/<key>}): works with AWS S3, MinIO, S3Proxy and other compatible servers.
 * Every payload is signed with its sha256, so the server refuses a body damaged in transit. Files over the part
 * size go up as a multipart upload (a single PUT stops at 5 GiB; a large model's optimizer state is more).
 * Requests that fail without an answer or with a 5xx/429 are retried a few times (every call here is idempotent).
 */
public final class S3Client {
    /** Part size of multipart uploads, and the size above which a file is sent in parts. */
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    private static final int ATTEMPTS = 4;
    private static final Duration SMALL_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final S3Settings settings;
    private final long partSize;
    private final HttpClient http;
    private final String host;

    public S3Client(S3Settings settings) {
        this(settings, DEFAULT_PART_SIZE);
    }

    /** With another part size (at least 5 MiB, S3's minimum for every part but the last). */
    public S3Client(S3Settings settings, long partSize) {
        if (partSize < 5L << 20) {
            throw new IllegalArgumentException("S3 multipart part size " + partSize + " is below S3's minimum of 5 MiB");
        }
        this.settings = settings;
        this.partSize = partSize;
        // HTTP/1.1: the cleartext HTTP/2 upgrade that the JDK client tries by default confuses some S3 servers
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI e = settings.endpoint();
        int port = e.getPort();
        boolean defaultPort = port == -1 || port == 80 && "http".equals(e.getScheme())
                || port == 443 && "https".equals(e.getScheme());
        this.host = e.getHost() + (defaultPort ? "" : ":" + port);
    }

    public S3Settings settings() {
        return settings;
    }

    /** An object's size and user metadata ({@code x-amz-meta-*}, names without the prefix, lower-case). */
    public record ObjectInfo(String key, long size, Map<String, String> metadata) {
    }

    /** Creates {@code bucket}; one that exists already (and is ours) is fine. */
    public void createBucket(String bucket) throws IOException {
        Response r = send("PUT", new S3Location(bucket, ""), Map.of(), Map.of(), Body.EMPTY, SMALL_REQUEST_TIMEOUT);
        if (r.status / 100 != 2 && !(r.status == 409 && "BucketAlreadyOwnedByYou".equals(r.errorCode()))) {
            throw r.failure("create bucket", new S3Location(bucket, ""));
        }
    }

    /** Uploads {@code file} to {@code target}, with user metadata (sent as {@code x-amz-meta-<name>}). */
    public void putFile(S3Location target, Path file, Map<String, String> metadata) throws IOException {
        long size = Files.size(file);
        if (size > partSize) {
            putMultipart(target, file, size, metadata);
            return;
        }
        String sha256 = Sha256.hex(file);
        Response r = send("PUT", target, Map.of(), metaHeaders(metadata),
                new Body(() -> ofFile(file), sha256), null);
        if (r.status / 100 != 2) {
            throw r.failure("upload " + file + " to", target);
        }
    }

    public void putBytes(S3Location target, byte[] data, Map<String, String> metadata) throws IOException {
        Response r = send("PUT", target, Map.of(), metaHeaders(metadata), Body.of(data), SMALL_REQUEST_TIMEOUT);
        if (r.status / 100 != 2) {
            throw r.failure("upload to", target);
        }
    }

    /** The object's size and metadata, or empty when there is no such object. */
    public Optional<ObjectInfo> head(S3Location target) throws IOException {
        Response r = send("HEAD", target, Map.of(), Map.of(), Body.EMPTY, SMALL_REQUEST_TIMEOUT);
        if (r.status == 404) {
            return Optional.empty();
        }
        if (r.status / 100 != 2) {
            throw r.failure("look up", target);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        r.headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-meta-") && !values.isEmpty()) {
                meta.put(lower.substring("x-amz-meta-".length()), values.get(0));
            }
        });
        long size = r.headers.firstValueAsLong("content-length").orElse(-1);
        return Optional.of(new ObjectInfo(target.key(), size, meta));
    }

    /** The object's bytes (for small objects such as manifests); a missing object is an {@link S3Exception} 404. */
    public byte[] getBytes(S3Location source) throws IOException {
        Response r = send("GET", source, Map.of(), Map.of(), Body.EMPTY, SMALL_REQUEST_TIMEOUT);
        if (r.status / 100 != 2) {
            throw r.failure("download", source);
        }
        return r.body;
    }

    /**
     * Downloads the object into {@code target} through a temporary file beside it, renamed into place when complete,
     * so a half-downloaded file never has the final name.
     */
    public void getFile(S3Location source, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".part");
        try {
            IOException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    HttpResponse<Path> response = http.send(request("GET", source, Map.of(), Map.of(), Body.EMPTY,
                            null), HttpResponse.BodyHandlers.ofFile(temp));
                    if (response.statusCode() / 100 == 2) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        return;
                    }
                    Response r = new Response(response.statusCode(), response.headers(), Files.readAllBytes(temp),
                            "GET", source);
                    if (!retryable(r.status) || attempt == ATTEMPTS) {
                        throw r.failure("download", source);
                    }
                    last = r.failure("download", source);
                } catch (S3Exception e) {
                    throw e;
                } catch (IOException e) {
                    last = e;
                }
                pause(attempt);
            }
            throw noAnswer("download", source, last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + source, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Every object under {@code prefix} (its key as a folder, {@code prefix/...}), with sizes. */
    public List<ObjectInfo> list(S3Location prefix) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        listPages(prefix, false, doc -> {
            NodeList contents = doc.getElementsByTagName("Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                Element c = (Element) contents.item(i);
                out.add(new ObjectInfo(text(c, "Key"), Long.parseLong(text(c, "Size")), Map.of()));
            }
        });
        return out;
    }

    /** The names of the "folders" directly under {@code prefix} (S3's common prefixes with delimiter {@code /}). */
    public List<String> listFolders(S3Location prefix) throws IOException {
        List<String> out = new ArrayList<>();
        String base = prefix.prefix();
        listPages(prefix, true, doc -> {
            NodeList prefixes = doc.getElementsByTagName("CommonPrefixes");
            for (int i = 0; i < prefixes.getLength(); i++) {
                String p = text((Element) prefixes.item(i), "Prefix");
                if (p.startsWith(base) && p.endsWith("/")) {
                    out.add(p.substring(base.length(), p.length() - 1));
                }
            }
        });
        return out;
    }

    public void delete(S3Location target) throws IOException {
        Response r = send("DELETE", target, Map.of(), Map.of(), Body.EMPTY, SMALL_REQUEST_TIMEOUT);
        if (r.status / 100 != 2 && r.status != 404) {
            throw r.failure("delete", target);
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    private void putMultipart(S3Location target, Path file, long size, Map<String, String> metadata)
            throws IOException {
        Response init = send("POST", target, Map.of("uploads", ""), metaHeaders(metadata), Body.EMPTY,
                SMALL_REQUEST_TIMEOUT);
        if (init.status / 100 != 2) {
            throw init.failure("start a multipart upload of " + file + " to", target);
        }
        String uploadId = firstText(init.xml(), "UploadId");
        try {
            StringBuilder complete = new StringBuilder("<CompleteMultipartUpload>");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                int part = 1;
                for (long offset = 0; offset < size; offset += partSize, part++) {
                    byte[] chunk = new byte[(int) Math.min(partSize, size - offset)];
                    ByteBuffer buffer = ByteBuffer.wrap(chunk);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, offset + buffer.position()) < 0) {
                            throw new IOException(file + " became shorter while it was uploaded to " + target);
                        }
                    }
                    Response r = send("PUT", target, Map.of("partNumber", Integer.toString(part), "uploadId", uploadId),
                            Map.of(), Body.of(chunk), null);
                    String etag = r.headers.firstValue("etag").orElse(null);
                    if (r.status / 100 != 2 || etag == null) {
                        throw r.failure("upload part " + part + " of " + file + " to", target);
                    }
                    complete.append("<Part><PartNumber>").append(part).append("</PartNumber><ETag>")
                            .append(etag.replace("&", "&amp;").replace("\"", "&quot;")).append("</ETag></Part>");
                }
            }
            complete.append("</CompleteMultipartUpload>");
            Response done = send("POST", target, Map.of("uploadId", uploadId), Map.of(),
                    Body.of(complete.toString().getBytes(StandardCharsets.UTF_8)), null);
            // S3 may answer 200 and still report an error in the body of a completion
            if (done.status / 100 != 2 || new String(done.body, StandardCharsets.UTF_8).contains("<Error>")) {
                throw done.failure("complete the multipart upload of " + file + " to", target);
            }
        } catch (IOException | RuntimeException e) {
            try {
                send("DELETE", target, Map.of("uploadId", uploadId), Map.of(), Body.EMPTY, SMALL_REQUEST_TIMEOUT);
            } catch (IOException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private interface PageHandler {
        void page(Document doc);
    }

    private void listPages(S3Location prefix, boolean folders, PageHandler handler) throws IOException {
        String token = null;
        S3Location bucket = new S3Location(prefix.bucket(), "");
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix.prefix());
            if (folders) {
                query.put("delimiter", "/");
            }
            if (token != null) {
                query.put("continuation-token", token);
            }
            Response r = send("GET", bucket, query, Map.of(), Body.EMPTY, SMALL_REQUEST_TIMEOUT);
            if (r.status / 100 != 2) {
                throw r.failure("list", prefix);
            }
            Document doc = r.xml();
            handler.page(doc);
            token = "true".equals(firstText(doc, "IsTruncated")) ? firstText(doc, "NextContinuationToken") : null;
        } while (token != null && !token.isEmpty());
    }

    private record Body(Supplier<HttpRequest.BodyPublisher> publisher, String sha256) {
        static final Body EMPTY = new Body(HttpRequest.BodyPublishers::noBody, SigV4.EMPTY_SHA256);

        static Body of(byte[] data) {
            return new Body(() -> HttpRequest.BodyPublishers.ofByteArray(data), Sha256.hex(data));
        }
    }

    private final class Response {
        final int status;
        final java.net.http.HttpHeaders headers;
        final byte[] body;
        final String method;
        final S3Location location;

        Response(int status, java.net.http.HttpHeaders headers, byte[] body, String method, S3Location location) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.method = method;
            this.location = location;
        }

        String errorCode() {
            Matcher m = XML_CODE.matcher(new String(body, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : "";
        }

        S3Exception failure(String what, S3Location where) {
            String text = new String(body, StandardCharsets.UTF_8);
            Matcher code = XML_CODE.matcher(text);
            Matcher message = XML_MESSAGE.matcher(text);
            String c = code.find() ? code.group(1) : "";
            String detail = (c.isEmpty() ? "" : " " + c) + (message.find() ? ": " + message.group(1) : "");
            String hint = switch (c) {
                case "NoSuchBucket" -> " (create bucket '" + where.bucket() + "' on the server first)";
                case "SignatureDoesNotMatch", "InvalidAccessKeyId" -> " (check " + S3Settings.ACCESS_KEY_ENV + " and "
                        + S3Settings.SECRET_KEY_ENV + ")";
                default -> "";
            };
            return new S3Exception("S3: cannot " + what + " " + where + " at " + settings.endpoint() + ": HTTP "
                    + status + detail + hint, status, c, null);
        }

        Document xml() throws IOException {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            } catch (ParserConfigurationException | SAXException e) {
                throw new IOException("S3: the answer of " + settings.endpoint() + " to " + method + " " + location
                        + " is not XML: " + e.getMessage(), e);
            }
        }
    }

    private Response send(String method, S3Location location, Map<String, String> query, Map<String, String> headers,
                          Body body, Duration timeout) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request(method, location, query, headers, body, timeout),
                        HttpResponse.BodyHandlers.ofByteArray());
                Response r = new Response(response.statusCode(), response.headers(),
                        response.body() == null ? new byte[0] : response.body(), method, location);
                if (!retryable(r.status) || attempt == ATTEMPTS) {
                    return r;
                }
                last = r.failure(method, location);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted during S3 " + method + " " + location, e);
            } catch (IOException e) {
                last = e;
            }
            pause(attempt);
        }
        throw noAnswer(method, location, last);
    }

    private HttpRequest request(String method, S3Location location, Map<String, String> query,
                                Map<String, String> headers, Body body, Duration timeout) {
        String rawPath = "/" + location.bucket() + (location.key().isEmpty() ? "" : "/"
                + SigV4.encode(location.key(), false));
        String rawQuery = SigV4.canonicalQuery(query);
        URI endpoint = settings.endpoint();
        URI uri = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + rawPath
                + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("host", host);
        signed.put("x-amz-date", amzDate);
        signed.put("x-amz-content-sha256", body.sha256());
        String authorization = SigV4.authorization(method, rawPath, query, signed, body.sha256(), amzDate,
                settings.region(), settings.accessKey(), settings.secretKey());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(method, body.publisher().get())
                .header("Authorization", authorization);
        signed.forEach((name, value) -> {
            if (!name.equals("host")) { // the client sets Host itself (a restricted header), to the same value
                builder.header(name, value);
            }
        });
        if (timeout != null) {
            builder.timeout(timeout);
        }
        return builder.build();
    }

    private static Map<String, String> metaHeaders(Map<String, String> metadata) {
        Map<String, String> headers = new LinkedHashMap<>();
        metadata.forEach((k, v) -> headers.put("x-amz-meta-" + k.toLowerCase(Locale.ROOT), v));
        return headers;
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    private S3Exception noAnswer(String what, S3Location where, IOException last) {
        if (last instanceof S3Exception s3) {
            return s3;
        }
        return new S3Exception("S3: cannot " + what + " " + where + ": no answer from " + settings.endpoint()
                + " after " + ATTEMPTS + " attempts (" + (last == null ? "?" : last.getClass().getSimpleName() + ": "
                + last.getMessage()) + "); is " + S3Settings.ENDPOINT_ENV + " right and the server up?", 0, "", last);
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(250L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry an S3 request", e);
        }
    }

    private static HttpRequest.BodyPublisher ofFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    private static String firstText(Document doc, String tag) {
        return text(doc.getDocumentElement(), tag);
    }
}
