package dev.peercode.gateway.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Long-lived connections, under {@code peercode.gateway.streams}: how many one caller may hold open on one
 * replica, and how often an open stream checks that its caller may still see the project. (A mapping of its
 * own next to {@code GatewayConfig}, like {@code PresenceConfig}: that interface is implemented by hand in
 * the identity tests.)
 */
@ConfigMapping(prefix = "peercode.gateway.streams")
public interface StreamsConfig {

    /**
     * Most live event streams (the web UI's {@code /ui/projects/{p}/events} and {@code /api/v1/projects/{p}/events})
     * one caller (agent token, or person) may hold open at once on one replica; the next is refused with 429
     * {@code too-many-streams}. A browser tab holds one. Not applied in local mode (one person, one machine).
     */
    @WithDefault("20")
    int maxStreamsPerCaller();

    /**
     * How often an open event stream re-checks that its caller is still a member of the project (and an agent
     * token still valid); a caller who lost access stops receiving within this interval.
     */
    @WithDefault("30s")
    Duration membershipRecheck();

    /**
     * Most MCP sessions one identity (agent token, or person) may hold on one replica; a further session-less
     * request ({@code initialize}) is refused with 429 and a JSON-RPC error. Sessions end with a {@code DELETE}
     * or after {@code peercode.gateway.routing.session-ttl} idle.
     */
    @WithDefault("50")
    int maxMcpSessionsPerCaller();
}
