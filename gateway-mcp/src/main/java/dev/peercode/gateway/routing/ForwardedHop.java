package dev.peercode.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;

/**
 * How a replica recognises a request another replica forwarded to it (the session's owner). The caller was
 * already counted against its rate limit by the replica it reached first, so the owner must not count it
 * again. The marker alone ({@code X-PeerCode-Forwarded-By}) is something any client can send, so a forwarded
 * request also carries the internal credential every replica holds, compared in constant time.
 */
public final class ForwardedHop {

    /** The internal credential on a forwarded request; never sent anywhere but to another replica. */
    static final String CREDENTIAL = "X-PeerCode-Hop-Credential";

    private ForwardedHop() {
    }

    /** True when the request came from another replica holding the same internal credential. */
    public static boolean isTrusted(HttpServerRequest request, Optional<String> internalToken) {
        String presented = request.getHeader(CREDENTIAL);
        if (presented == null || internalToken.isEmpty() || request.getHeader(SessionForwarder.FORWARDED_BY) == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                internalToken.get().getBytes(StandardCharsets.UTF_8));
    }
}
