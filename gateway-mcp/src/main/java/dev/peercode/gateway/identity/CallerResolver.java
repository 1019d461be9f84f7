package dev.peercode.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpServerRequest;

/**
 * Resolves the {@link Caller} of the current HTTP request. Authentication (OIDC access tokens, agent
 * tokens) is a later issue; until then every call is the local owner, which is why the gateway binds
 * to loopback by default. Tools and resources ask only this class, so plugging in authentication
 * changes nothing else.
 */
@ApplicationScoped
public class CallerResolver {

    /** The caller of {@code request}; {@code request} may be null outside HTTP (tests, timers). */
    public Caller resolve(HttpServerRequest request) {
        return Caller.LOCAL_OWNER;
    }
}
