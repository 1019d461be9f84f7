package dev.peercode.gateway.client;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts the gateway's internal credential on every call to the planner and the lock service, and
 * makes sure nothing else travels in {@code Authorization}: whatever header a caller sent the gateway
 * is never forwarded (the REST clients propagate no headers, and this filter overwrites the one header
 * that matters). Registered on {@link PlannerApi} and {@link LockApi}.
 */
@Priority(Priorities.AUTHENTICATION)
public class InternalCredential implements ClientRequestFilter {

    private final Optional<String> authorization = header();

    /** {@code Bearer <internal token>}; empty without one. */
    static Optional<String> header() {
        return ConfigProvider.getConfig().getOptionalValue("peercode.gateway.internal-token", String.class)
                .map(String::trim).filter(t -> !t.isEmpty()).map(t -> "Bearer " + t);
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().remove(HttpHeaders.AUTHORIZATION);
        authorization.ifPresent(value -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, value));
    }
}
