package dev.peercode.gateway.live;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Listens to the planner's {@code peercode:deltas} wake-ups ({@code {"projectId","seq"}}) and tells
 * this replica's subscribers of {@code peercode://projects/{id}} that it changed, its web-UI
 * event streams ({@link ProjectWakeups}) and its waiting delta reads ({@link LongPolls}). Every gateway replica
 * listens, so a subscriber is notified whichever replica it is connected to. The gateway keeps nothing
 * in Redis; when Redis is away it subscribes again after a pause (messages are wake-ups, the delta log
 * is the truth, so a lost one costs only a late notification).
 */
@ApplicationScoped
class DeltaFanout {

    private final ProjectResources resources;
    private final ProjectWakeups wakeups;
    private final LongPolls longPolls;
    private final ObjectMapper json;
    private final boolean enabled;
    private final ChannelListener listener;

    DeltaFanout(ReactiveRedisDataSource redis, ProjectResources resources, ProjectWakeups wakeups, LongPolls longPolls,
            ObjectMapper json, GatewayConfig config, Vertx vertx) {
        this.resources = resources;
        this.wakeups = wakeups;
        this.longPolls = longPolls;
        this.json = json;
        GatewayConfig.Live live = config.live();
        this.enabled = live.enabled();
        this.listener = new ChannelListener(redis, live.channel(), live.resubscribeDelay(), vertx, this::onMessage,
                () -> {
                }, failure -> Log.warnf("Live updates paused, %s unreachable (%s); retrying in %s", live.channel(),
                        failure, live.resubscribeDelay()));
    }

    void start(@Observes StartupEvent ignored) {
        if (enabled) {
            listener.start();
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        listener.stop();
    }

    void onMessage(String message) {
        try {
            Map<?, ?> wakeup = json.readValue(message, Map.class);
            if (wakeup.get("projectId") instanceof String id) {
                resources.updated(id);
                long seq = wakeup.get("seq") instanceof Number n ? n.longValue() : -1;
                wakeups.publish(new ProjectWakeups.Wakeup(id, seq));
                longPolls.wake(id, seq);
            }
        } catch (Exception e) {
            Log.debugf("Ignoring a malformed delta wake-up: %s", message);
        }
    }
}
