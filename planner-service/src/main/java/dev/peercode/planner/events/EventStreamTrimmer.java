package dev.peercode.planner.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Keeps {@code peercode:events} as short as the consumer group allows: the lock service caps the stream
 * only as a last resort (a planner gone for a long time), and that cap cuts unread entries; this trims,
 * in one script, exactly the entries the group has acknowledged and nothing it has not read yet.
 */
@ApplicationScoped
public class EventStreamTrimmer {

    private static final String SCRIPT = load("lua/trim-acknowledged.lua");

    private final RedisDataSource redis;

    EventStreamTrimmer(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Removes the entries of {@code stream} that {@code group} is done with; returns how many. */
    public long trimAcknowledged(String stream, String group) {
        return redis.execute("EVAL", SCRIPT, "1", stream, group).toLong();
    }

    private static String load(String resource) {
        try (InputStream in = EventStreamTrimmer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
