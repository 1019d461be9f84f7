package dev.peercode.lock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;

/** Reads {@code peercode:events} as the planner would, filtered to one project. */
public final class Events {

    private Events() {
    }

    /** Every entry of the project, oldest first: its fields plus {@code id}. */
    public static List<Map<String, String>> of(RedisDataSource redis, String projectId) {
        List<StreamMessage<String, String, String>> all = redis.stream(String.class)
                .xrange("peercode:events", StreamRange.of("-", "+"));
        List<Map<String, String>> events = new ArrayList<>();
        for (StreamMessage<String, String, String> message : all) {
            if (projectId.equals(message.payload().get("projectId"))) {
                Map<String, String> event = new LinkedHashMap<>(message.payload());
                event.put("id", message.id());
                events.add(event);
            }
        }
        return events;
    }

    public static List<Map<String, String>> of(RedisDataSource redis, String projectId, String type) {
        return of(redis, projectId).stream().filter(e -> type.equals(e.get("type"))).toList();
    }
}
