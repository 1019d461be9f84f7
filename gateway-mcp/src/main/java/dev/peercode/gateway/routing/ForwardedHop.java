package dev.peercode.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;

/**
 * How a replica recognises a request another replica forwarded to it (the session's owner). The caller was
 * already counted against its rate limit by the replica it reached first, so the owner must not count it
 * again. The marker alone ({@code X-PeerCode-Forwarded-By}) is something any client can send, so a forwarded
 * request also carries the hop credential every replica derives from the gateway secret (never the internal
 * credential, which the backends hold too), compared in constant time.
 */
public final class ForwardedHop {

    /** The hop credential on a forwarded request; sent only to registered live replicas. */
    static final String CREDENTIAL = "X-PeerCode-Hop-Credential";

    private ForwardedHop() {
    }

    /** True when the request came from another replica holding the same gateway secret. */
    public static boolean isTrusted(HttpServerRequest request, Optional<String> hopCredential) {
        String presented = request.getHeader(CREDENTIAL);
        if (presented == null || hopCredential.isEmpty() || request.getHeader(SessionForwarder.FORWARDED_BY) == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                hopCredential.get().getBytes(StandardCharsets.UTF_8));
    }
}
