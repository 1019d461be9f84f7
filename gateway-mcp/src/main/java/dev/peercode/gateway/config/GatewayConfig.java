package dev.peercode.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every tunable of the gateway, under {@code peercode.gateway}. Backend URLs and timeouts are REST-client keys. */
@ConfigMapping(prefix = "peercode.gateway")
public interface GatewayConfig {

    /** Live updates from the planner. */
    Live live();

    /** Authentication of people (OIDC) and agents (agent tokens); DESIGN.md §7. */
    Auth auth();

    /** Authentication: OIDC itself is configured under {@code quarkus.oidc} (issuer, audience, web-app client). */
    interface Auth {
        /**
         * Whether callers must authenticate ({@code PEERCODE_AUTH_ENABLED}). Off is local mode: every caller is
         * the owner of everything, allowed only while the gateway binds a loopback address.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** Live updates: the planner's "project P is at seq N" wake-ups (docs/internal-contracts.md). */
    interface Live {
        /** Whether this replica listens at all (off: no resource update notifications). */
        @WithDefault("true")
        boolean enabled();

        /** The Redis pub/sub channel the planner publishes on after each commit of deltas. */
        @WithDefault("peercode:deltas")
        String channel();

        /** How long to wait before subscribing again after the subscription failed (Redis down). */
        @WithDefault("5s")
        Duration resubscribeDelay();
    }
}
