package dev.peercode.gateway.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.live.StreamsConfig;
import io.quarkiverse.mcp.server.runtime.ConnectionManager;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Membership re-checked on open MCP resource subscriptions (issue 16 #10), the counterpart of
 * {@code LiveStreams} for event streams. The MCP extension sends {@code notifications/resources/updated} to
 * every subscriber of a resource at once and offers no way to drop one subscriber, so a session whose caller
 * may no longer see a project it subscribed to (removed member, revoked agent token) is ended as a
 * {@code DELETE} would end it, within {@code peercode.gateway.streams.membership-recheck}. Its client meets
 * 404 on its next request and starts a new session, where {@link SubscriptionGuard} refuses the project.
 */
@ApplicationScoped
class SubscriptionRechecks {

    /** One allowed subscription: who subscribed, to which project. */
    private record Watch(Caller caller, String projectId) {
    }

    private final CallerResolver callers;
    private final ConnectionManager sessions;
    private final StreamsConfig config;
    private final Vertx vertx;
    private final Map<String, Set<Watch>> bySession = new ConcurrentHashMap<>();

    SubscriptionRechecks(CallerResolver callers, ConnectionManager sessions, StreamsConfig config, Vertx vertx) {
        this.callers = callers;
        this.sessions = sessions;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        if (callers.authEnabled()) {
            vertx.setPeriodic(config.membershipRecheck().toMillis(), tick -> recheckAll());
        }
    }

    /** Remembers that {@code caller} subscribed to {@code projectId}'s resource in MCP session {@code sessionId}. */
    void subscribed(String sessionId, Caller caller, String projectId) {
        if (sessionId != null && !caller.local()) {
            bySession.computeIfAbsent(sessionId, s -> ConcurrentHashMap.newKeySet()).add(new Watch(caller, projectId));
        }
    }

    /** Every watched session, one after another; a session whose caller lost a project is ended. */
    void recheckAll() {
        Multi.createFrom().iterable(List.copyOf(bySession.entrySet())).onItem().transformToUniAndConcatenate(entry -> {
            String session = entry.getKey();
            if (!sessions.has(session)) {
                bySession.remove(session); // ended by its client or expired
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(List.copyOf(entry.getValue()))
                    .onItem().transformToUniAndConcatenate(w -> callers.stillAllowed(w.caller(), w.projectId()))
                    .collect().asList().invoke(verdicts -> {
                        if (verdicts.contains(false)) {
                            bySession.remove(session);
                            sessions.remove(session);
                            Log.debugf("Ended an MCP session subscribed to a project its caller may no longer see");
                        }
                    }).replaceWithVoid();
        }).collect().last().subscribe().with(done -> {
        }, e -> Log.warnf("Re-checking MCP subscriptions failed: %s", e.toString()));
    }

}
