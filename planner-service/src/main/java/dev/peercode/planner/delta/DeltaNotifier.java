package dev.peercode.planner.delta;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.planner.config.PlannerConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Wakes long-polling readers when a project's log grows. After each commit it wakes this replica's
 * waiters and publishes "project P at seq N" on Redis; the subscription to that channel wakes the
 * waiters of every other replica (and the gateways). Wake-ups may be lost or coalesced: a woken
 * reader always re-reads the log, and a reader registers before it reads, so no commit slips by.
 */
@ApplicationScoped
public class DeltaNotifier {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    /** Per project, the newest seq whose Redis wake-up is not yet sent (present while one is in flight). */
    private final Map<String, Long> unpublished = new ConcurrentHashMap<>();
    private final ReactivePubSubCommands<String> pubsub;
    private final ObjectMapper json;
    private final String channel;
    private volatile Cancellable subscription;

    public DeltaNotifier(ReactiveRedisDataSource redis, ObjectMapper json, PlannerConfig config) {
        this.pubsub = redis.pubsub(String.class);
        this.json = json;
        this.channel = config.events().deltasChannel();
    }

    void subscribe(@Observes StartupEvent ignored) {
        subscription = pubsub.subscribe(channel)
                .subscribe().with(this::onMessage, e -> Log.warnf("Delta wake-up subscription failed: %s", e.toString()));
    }

    void unsubscribe(@Observes ShutdownEvent ignored) {
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Runs once per appended delta, only if its transaction committed. Local waiters are woken at once;
     * the Redis wake-ups are coalesced: at most one publish per project is in flight, and it carries the
     * newest seq. A transaction that appends a whole batch (the lock-event consumer: up to a hundred
     * deltas) would otherwise fire a hundred concurrent publishes and exhaust the Redis connection pool
     * that its own XACK needs.
     */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeltaCommitted event) {
        wake(event.projectId());
        boolean[] idle = { false };
        unpublished.compute(event.projectId(), (project, seq) -> {
            idle[0] = seq == null;
            return seq == null ? event.seq() : Math.max(seq, event.seq());
        });
        if (idle[0]) {
            publishNewest(event.projectId());
        }
    }

    private void publishNewest(String projectId) {
        Long seq = unpublished.get(projectId);
        if (seq == null) {
            return;
        }
        String message;
        try {
            message = json.writeValueAsString(Map.of("projectId", projectId, "seq", seq));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Bounded: a publish that never answered would hold back every later wake-up of the project.
        pubsub.publish(channel, message).ifNoItem().after(PUBLISH_TIMEOUT).fail().subscribe()
                .with(ok -> published(projectId, seq), e -> {
                    Log.debugf("Could not publish the delta wake-up: %s", e.toString());
                    published(projectId, seq);
                });
    }

    /** Done with {@code seq}: finished, unless a newer one arrived meanwhile, which is published next. */
    private void published(String projectId, long seq) {
        if (!unpublished.remove(projectId, seq)) {
            publishNewest(projectId);
        }
    }

    /** Registers a one-shot waiter, completed by the next commit on the project. Register, then read. */
    public CompletableFuture<Void> register(String projectId) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.computeIfAbsent(projectId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    public void cancel(String projectId, CompletableFuture<Void> waiter) {
        waiters.computeIfPresent(projectId, (k, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many readers wait on the project (tests use it to know a long-poll is parked). */
    int waiting(String projectId) {
        Set<CompletableFuture<Void>> set = waiters.get(projectId);
        return set == null ? 0 : set.size();
    }

    void wake(String projectId) {
        Set<CompletableFuture<Void>> woken = waiters.remove(projectId);
        if (woken != null) {
            woken.forEach(w -> w.complete(null));
        }
    }

    private void onMessage(String message) {
        try {
            Object projectId = json.readValue(message, Map.class).get("projectId");
            if (projectId instanceof String id) {
                wake(id);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            Log.debugf("Ignoring a malformed delta wake-up: %s", message);
        }
    }
}
