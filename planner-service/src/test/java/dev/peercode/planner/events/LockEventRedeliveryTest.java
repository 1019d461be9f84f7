package dev.peercode.planner.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import dev.peercode.planner.events.LockEventAppender.Outcome;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Duplicates and redelivery, driven step by step: the background worker is off and this test plays
 * both a consumer that dies and the replica that takes over its entries. Its own stream keeps it
 * apart from other tests' entries.
 */
@QuarkusTest
@TestProfile(LockEventRedeliveryTest.ManualConsumer.class)
class LockEventRedeliveryTest {

    static final String STREAM = "peercode:events:redelivery-test";

    public static class ManualConsumer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("peercode.planner.events.enabled", "false",
                    "peercode.planner.events.stream", STREAM,
                    "peercode.planner.events.claim-min-idle", "2s",
                    "peercode.planner.events.consumer-name", "survivor");
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    LockEventConsumer consumer;
    @Inject
    LockEventAppender appender;

    @Test
    void aDeadConsumersEntriesAreReclaimedAndAppendedExactlyOnce() {
        consumer.ensureGroup();
        consumer.readOnce(Duration.ZERO); // leaves no earlier entries unread
        String p = Fixtures.project("o");
        var streams = redis.stream(String.class);
        String first = streams.xadd(STREAM, LockEventConsumerTest.entry(p, "lock.acquired", "alice"));
        String second = streams.xadd(STREAM, LockEventConsumerTest.entry(p, "lock.renewed", "alice"));
        String third = streams.xadd(STREAM, LockEventConsumerTest.entry(p, "lock.released", "alice"));

        // The doomed consumer reads all three; it commits the delta of the first, then dies before XACK.
        long readStarted = System.nanoTime();
        List<StreamMessage<String, String, String>> taken = streams.xreadgroup("planner", "doomed", STREAM, ">",
                new XReadGroupArgs().count(10));
        assertThat(taken).extracting(StreamMessage::id).containsExactly(first, second, third);
        assertThat(appender.append(first, taken.get(0).payload())).isEqualTo(Outcome.APPENDED);

        // Not yet idle long enough: nothing is stolen from a consumer that may still be alive. (Checked
        // only when this machine was fast enough to ask within the idle time.)
        AtomicInteger reclaimed = new AtomicInteger(consumer.reclaimOnce());
        if (System.nanoTime() - readStarted < Duration.ofSeconds(2).toNanos()) {
            assertThat(reclaimed.get()).isZero();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> reclaimed.addAndGet(consumer.reclaimOnce()) == 3);

        List<String> types = deltaTypes(p);
        assertThat(types).containsExactly("project.created", "lock.acquired", "lock.renewed", "lock.released");
        assertThat(streams.xpending(STREAM, "planner").getPendingCount()).isZero();
    }

    @Test
    void afterARestartTheConsumerFirstHandlesWhatItReadButNeverAcknowledged() {
        consumer.ensureGroup();
        consumer.readOnce(Duration.ZERO);
        String p = Fixtures.project("o");
        var streams = redis.stream(String.class);
        streams.xadd(STREAM, LockEventConsumerTest.entry(p, "sync.queued", "dave"));
        // The previous life of this consumer read the entry and crashed before appending it.
        assertThat(streams.xreadgroup("planner", "survivor", STREAM, ">", new XReadGroupArgs().count(10))).hasSize(1);
        assertThat(consumer.drainOwnPending()).isEqualTo(1);
        assertThat(deltaTypes(p)).containsExactly("project.created", "sync.queued");
        assertThat(consumer.drainOwnPending()).isZero();
    }

    @Test
    void aDuplicateEntryIdIsAppendedOnce() {
        String p = Fixtures.project("o");
        Map<String, String> fields = LockEventConsumerTest.entry(p, "lock.expired", "bob");
        assertThat(appender.append("1700000000000-7", fields)).isEqualTo(Outcome.APPENDED);
        assertThat(appender.append("1700000000000-7", fields)).isEqualTo(Outcome.DUPLICATE);
        assertThat(deltaTypes(p)).containsExactly("project.created", "lock.expired");
    }

    @Test
    void replicasRacingOnOneEntryAppendItOnce() throws Exception {
        String p = Fixtures.project("o");
        Map<String, String> fields = LockEventConsumerTest.entry(p, "sync.granted", "carol");
        int replicas = 8;
        CyclicBarrier start = new CyclicBarrier(replicas);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return appender.append("1700000000001-0", fields);
                }));
            }
            List<Outcome> results = new ArrayList<>();
            for (Future<Outcome> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnlyOnce(Outcome.APPENDED).filteredOn(o -> o != Outcome.APPENDED)
                    .containsOnly(Outcome.DUPLICATE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(deltaTypes(p)).containsExactly("project.created", "sync.granted");
    }

    @Test
    void aBurstLargerThanABatchIsAppendedInOrderGaplessAndOnce() {
        consumer.ensureGroup();
        consumer.readOnce(Duration.ZERO);
        String p = Fixtures.project("o");
        String other = Fixtures.project("o");
        var streams = redis.stream(String.class);
        int burst = 250; // 2.5 reads of batch-size 100, entries of two projects interleaved
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            ids.add(streams.xadd(STREAM, LockEventConsumerTest.entry(i % 5 == 0 ? other : p, "lock.acquired", "s" + i)));
        }
        // One entry was already appended (a replica died before its XACK): inside a batch it is a duplicate.
        assertThat(appender.append(ids.get(42), LockEventConsumerTest.entry(p, "lock.acquired", "s42")))
                .isEqualTo(Outcome.APPENDED);

        int handled = 0;
        for (int read; (read = consumer.readOnce(Duration.ZERO)) > 0;) {
            handled += read;
        }

        assertThat(handled).isEqualTo(burst);
        assertThat(streams.xpending(STREAM, "planner").getPendingCount()).isZero();
        for (String project : List.of(p, other)) {
            List<Map<String, Object>> deltas = allDeltas(project);
            // Gapless from the project's creation (seq 1), each entry once, in stream order.
            assertThat(deltas).extracting(d -> ((Number) d.get("seq")).longValue())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, deltas.size()).boxed().toList());
            // s42 was appended before the burst was read; every other entry once, in stream order.
            List<String> expected = new ArrayList<>(project.equals(p) ? List.of("s42") : List.of());
            for (int i = 0; i < burst; i++) {
                if ((i % 5 == 0) == project.equals(other) && i != 42) {
                    expected.add("s" + i);
                }
            }
            assertThat(deltas.subList(1, deltas.size())).extracting(d -> (String) d.get("actor"))
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void replicasRacingOnOneBatchAppendEachEntryOnce() throws Exception {
        String p = Fixtures.project("o");
        List<LockEventAppender.Entry> batch = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            batch.add(new LockEventAppender.Entry("1700000000002-" + i,
                    LockEventConsumerTest.entry(p, "lock.released", "r" + i)));
        }
        int replicas = 4;
        CyclicBarrier start = new CyclicBarrier(replicas);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<Long>> appended = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                appended.add(pool.submit(() -> {
                    start.await();
                    try {
                        return appender.appendAll(batch).stream().filter(o -> o == Outcome.APPENDED).count();
                    } catch (RuntimeException lostTheRace) {
                        return 0L; // the consumer then retries entry by entry: all duplicates
                    }
                }));
            }
            long total = 0;
            for (Future<Long> f : appended) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(batch.size());
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> deltas = allDeltas(p);
        assertThat(deltas).hasSize(1 + batch.size());
        assertThat(deltas).extracting(d -> ((Number) d.get("seq")).intValue())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 1 + batch.size()).boxed().toList());
    }

    private static List<Map<String, Object>> allDeltas(String p) {
        return io.restassured.RestAssured.given().queryParam("after", 0).queryParam("limit", 500)
                .get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract().path("deltas");
    }

    private static List<String> deltaTypes(String p) {
        return io.restassured.RestAssured.given().queryParam("after", 0).get("/v1/projects/{p}/deltas", p).then()
                .statusCode(200).extract().path("deltas.type");
    }
}
