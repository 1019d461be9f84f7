package dev.peercode.lock.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The one bean that talks to Redis. Every change is one Lua {@link Script}, called by SHA; a
 * script that Redis does not know (first call, restart, {@code SCRIPT FLUSH}) is loaded and the
 * call repeated. Scripts answer one JSON document, read here into the caller's record.
 */
@ApplicationScoped
public class CoordinationStore {

    /** How long a blocking caller waits for a script's answer; the Redis client's own timeout also applies. */
    private static final Duration BLOCKING_WAIT = Duration.ofSeconds(10);

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final ObjectMapper json;

    public CoordinationStore(RedisDataSource redis, ReactiveRedisDataSource reactive, ObjectMapper json) {
        this.redis = redis;
        this.reactive = reactive;
        // Scripts may grow new answer fields before every reader knows them.
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    void loadScripts(@Observes StartupEvent start) {
        try {
            for (Script script : Script.values()) {
                load(script).await().atMost(BLOCKING_WAIT);
            }
        } catch (RuntimeException e) {
            // Redis may come up after us; the first call loads what is missing.
            Log.warnf("Could not preload the Lua scripts (%s); they load on first use", e.getMessage());
        }
    }

    /** Runs {@code script} with {@code args} as ARGV and reads its JSON answer as {@code type}. */
    public <T> T run(Script script, Class<T> type, List<String> args) {
        return runAsync(script, type, args).await().atMost(BLOCKING_WAIT);
    }

    /**
     * {@link #run} without holding a thread while Redis answers: what the lock calls use, so a request
     * is served on its event loop from start to end (no hand-over to a worker thread and back, which cost
     * more CPU than the script itself: BENCHMARKS.md).
     */
    public <T> Uni<T> runAsync(Script script, Class<T> type, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 2);
        command.add(script.sha());
        command.add("0");
        command.addAll(args);
        String[] argv = command.toArray(String[]::new);
        return reactive.execute("EVALSHA", argv)
                .onFailure(e -> String.valueOf(e.getMessage()).contains("NOSCRIPT"))
                .recoverWithUni(() -> load(script).chain(() -> reactive.execute("EVALSHA", argv)))
                .map(answer -> read(script, type, answer.toString()));
    }

    /** The underlying data source, for reads that need no script (tests, health). */
    public RedisDataSource redis() {
        return redis;
    }

    private <T> T read(Script script, Class<T> type, String answer) {
        try {
            return json.readValue(answer, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable answer of script " + script, e);
        }
    }

    private Uni<Void> load(Script script) {
        return reactive.execute("SCRIPT", "LOAD", script.source()).invoke(sha -> {
            if (!script.sha().equals(sha.toString())) {
                throw new IllegalStateException("Redis computed another SHA for script " + script);
            }
        }).replaceWithVoid();
    }
}
