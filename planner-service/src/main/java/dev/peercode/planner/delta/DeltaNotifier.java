package dev.peercode.planner.delta;

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

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
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

    /** Runs once per appended delta, only if its transaction committed. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeltaCommitted event) {
        wake(event.projectId());
        try {
            String message = json.writeValueAsString(Map.of("projectId", event.projectId(), "seq", event.seq()));
            pubsub.publish(channel, message).subscribe().with(
                    ok -> {
                    }, e -> Log.debugf("Could not publish the delta wake-up: %s", e.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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
