package dev.peercode.planner.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Trimming the event stream never removes what the consumer group still needs: entries pending (read, not
 * yet acknowledged) and entries not yet delivered survive; only what the group acknowledged goes. A stream
 * of its own per test, so the live consumer of {@code peercode:events} is not involved.
 */
@QuarkusTest
class EventStreamTrimmerTest {

    @Inject
    RedisDataSource redis;

    @Inject
    EventStreamTrimmer trimmer;

    @Test
    void onlyAcknowledgedEntriesAreTrimmedPendingAndUndeliveredOnesStay() {
        String stream = "test:events:" + UUID.randomUUID();
        StreamCommands<String, String, String> streams = redis.stream(String.class);
        streams.xgroupCreate(stream, "g", "0", new XGroupCreateArgs().mkstream());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(streams.xadd(stream, Map.of("n", Integer.toString(i))));
        }
        // Entries 0..5 delivered; 0..2 acknowledged, 3..5 pending; 6..9 not delivered yet.
        List<StreamMessage<String, String, String>> read = streams.xreadgroup("g", "c", stream, ">",
                new XReadGroupArgs().count(6));
        assertThat(read).hasSize(6);
        streams.xack(stream, "g", ids.get(0), ids.get(1), ids.get(2));

        assertThat(trimmer.trimAcknowledged(stream, "g")).isEqualTo(3);
        assertThat(remaining(streams, stream)).containsExactlyElementsOf(ids.subList(3, 10));

        // Nothing pending any more: everything before the last delivered entry goes, nothing undelivered.
        streams.xack(stream, "g", ids.get(3), ids.get(4), ids.get(5));
        assertThat(trimmer.trimAcknowledged(stream, "g")).isEqualTo(2);
        assertThat(remaining(streams, stream)).containsExactlyElementsOf(ids.subList(5, 10));

        // The group reads the rest: its entries are pending, so a trim removes none of them.
        assertThat(streams.xreadgroup("g", "c", stream, ">", new XReadGroupArgs().count(10))).hasSize(4);
        assertThat(trimmer.trimAcknowledged(stream, "g")).isEqualTo(1);
        assertThat(remaining(streams, stream)).containsExactlyElementsOf(ids.subList(6, 10));
    }

    @Test
    void aStreamWithoutTheGroupIsLeftAlone() {
        String stream = "test:events:" + UUID.randomUUID();
        StreamCommands<String, String, String> streams = redis.stream(String.class);
        streams.xgroupCreate(stream, "other", "0", new XGroupCreateArgs().mkstream());
        streams.xadd(stream, Map.of("n", "1"));
        assertThat(trimmer.trimAcknowledged(stream, "g")).isZero();
        assertThat(remaining(streams, stream)).hasSize(1);
    }

    private static List<String> remaining(StreamCommands<String, String, String> streams, String stream) {
        return streams.xrange(stream, StreamRange.of("-", "+")).stream().map(StreamMessage::id).toList();
    }
}
