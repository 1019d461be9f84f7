package dev.peercode.lock.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Response;

/**
 * The one bean that talks to Redis. Every change is one Lua {@link Script}, called by SHA; a
 * script that Redis does not know (first call, restart, {@code SCRIPT FLUSH}) is loaded and the
 * call repeated. Scripts answer one JSON document, read here into the caller's record.
 */
@ApplicationScoped
public class CoordinationStore {

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public CoordinationStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        // Scripts may grow new answer fields before every reader knows them.
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    void loadScripts(@Observes StartupEvent start) {
        try {
            for (Script script : Script.values()) {
                load(script);
            }
        } catch (RuntimeException e) {
            // Redis may come up after us; the first call loads what is missing.
            Log.warnf("Could not preload the Lua scripts (%s); they load on first use", e.getMessage());
        }
    }

    /** Runs {@code script} with {@code args} as ARGV and reads its JSON answer as {@code type}. */
    public <T> T run(Script script, Class<T> type, List<String> args) {
        String answer = call(script, args);
        try {
            return json.readValue(answer, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable answer of script " + script, e);
        }
    }

    /** The underlying data source, for reads that need no script (tests, health). */
    public RedisDataSource redis() {
        return redis;
    }

    private String call(Script script, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 2);
        command.add(script.sha());
        command.add("0");
        command.addAll(args);
        String[] argv = command.toArray(String[]::new);
        try {
            return redis.execute("EVALSHA", argv).toString();
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
            load(script);
            return redis.execute("EVALSHA", argv).toString();
        }
    }

    private void load(Script script) {
        Response sha = redis.execute("SCRIPT", "LOAD", script.source());
        if (!script.sha().equals(sha.toString())) {
            throw new IllegalStateException("Redis computed another SHA for script " + script);
        }
    }
}
