package org.smalltolarge.kit.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Bearer-token authentication of every service's mutating endpoints (POST, PUT, PATCH, DELETE) once
 * {@code s2l.api-token} ({@code S2L_API_TOKEN}) is set, as the cluster overlays do from a Secret. Reads stay open:
 * reports and progress are what people share. Without a token (the embedded defaults) nothing is checked; the
 * services then listen on loopback only.
 */
@Provider
public class ApiTokenFilter implements ContainerRequestFilter {
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    public ApiTokenFilter() {
        this(ConfigProvider.getConfig().getOptionalValue("s2l.api-token", String.class));
    }

    ApiTokenFilter(Optional<String> token) {
        this.token = token.map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        refusal(request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .ifPresent(reason -> request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"s2l\"")
                        .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", reason)).build()));
    }

    /** Why a request must be refused, or empty when it may pass. */
    Optional<String> refusal(String method, String authorization) {
        if (token == null || !MUTATING.contains(method)) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            return Optional.of(method + " needs 'Authorization: Bearer <token>' (the token in S2L_API_TOKEN)");
        }
        byte[] given = authorization.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
        // constant time: the comparison must not tell an attacker how much of a guess was right
        return MessageDigest.isEqual(token, given) ? Optional.empty()
                : Optional.of("the bearer token is not this deployment's (S2L_API_TOKEN)");
    }
}
