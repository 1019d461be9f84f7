package dev.peercode.gateway.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway holds the internal credential the planner and the lock service require. In production
 * it refuses to start without one (the services would answer every call 401); in dev mode it warns.
 */
@ApplicationScoped
class InternalTokenCheck {

    static final int MIN_LENGTH = 16;

    void check(@Observes StartupEvent event, GatewayConfig config) {
        Optional<String> token = config.internalToken().map(String::trim).filter(t -> !t.isEmpty());
        if (token.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("peercode.gateway.internal-token (PEERCODE_INTERNAL_TOKEN) is not set: "
                        + "the planner and the lock service accept only calls that carry it");
            }
            Log.warn("No internal token configured (dev mode): calls to the planner and lock service carry none");
        } else if (token.get().length() < MIN_LENGTH) {
            throw new IllegalStateException("peercode.gateway.internal-token must be at least " + MIN_LENGTH
                    + " characters (generate one with: openssl rand -base64 32)");
        }
    }
}
