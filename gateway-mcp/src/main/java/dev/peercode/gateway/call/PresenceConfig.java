package dev.peercode.gateway.call;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Presence refresh by tool calls, under {@code peercode.gateway.presence}. A session is active while seen
 * within the lock service's window ({@code peercode.lock.presence-window}, 2 minutes); touching it on
 * every call doubled the lock service's requests for no gain. Keep the interval well inside that window.
 * (A mapping of its own next to {@code GatewayConfig}: that interface is implemented by hand in the
 * identity tests, which every new member would break.)
 */
@ConfigMapping(prefix = "peercode.gateway.presence")
public interface PresenceConfig {

    /** At most one presence refresh per (project, session) per this interval, per gateway replica. */
    @WithDefault("30s")
    Duration refreshInterval();

    /** Most (project, session) pairs remembered at once; a forgotten one simply refreshes on its next call. */
    @WithDefault("100000")
    long maxSessions();
}
