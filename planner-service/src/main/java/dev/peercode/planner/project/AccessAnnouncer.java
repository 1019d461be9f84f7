package dev.peercode.planner.project;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.planner.config.PlannerConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;

/**
 * Tells every gateway replica, after the change committed, that a member's access to a project changed
 * ({@code {"projectId","subject"}} on {@code peercode:access}): they keep verified tokens and memberships
 * between calls and drop what they kept for that member at once (docs/internal-contracts.md). A publish
 * that fails is logged; the gateways' time to live bounds what it leaves behind.
 */
@ApplicationScoped
class AccessAnnouncer {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private final ReactivePubSubCommands<String> pubsub;
    private final ObjectMapper json;
    private final String channel;

    AccessAnnouncer(ReactiveRedisDataSource redis, ObjectMapper json, PlannerConfig config) {
        this.pubsub = redis.pubsub(String.class);
        this.json = json;
        this.channel = config.events().accessChannel();
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccessChanged change) {
        String message;
        try {
            message = json.writeValueAsString(Map.of("projectId", change.projectId(), "subject", change.subject()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        pubsub.publish(channel, message).ifNoItem().after(PUBLISH_TIMEOUT).fail().subscribe().with(
                ok -> Log.debugf("Announced an access change: %s", message),
                e -> Log.warnf("Could not announce an access change (%s): gateways keep %s's old access to %s for up to "
                        + "their cache's time to live", e.toString(), change.subject(), change.projectId()));
    }
}
