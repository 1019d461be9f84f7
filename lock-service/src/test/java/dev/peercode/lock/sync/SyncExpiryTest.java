package dev.peercode.lock.sync;

import static dev.peercode.lock.sync.SyncApi.call;
import static dev.peercode.lock.sync.SyncApi.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.lock.Events;
import dev.peercode.lock.ExpirySweeper;
import dev.peercode.lock.Projects;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The push token expires by real time, the queue head that does not claim is skipped, and each
 * step is reported once although two sweepers race (plus the scheduled one).
 */
@QuarkusTest
@TestProfile(SyncExpiryTest.ShortPushTimes.class)
class SyncExpiryTest {

    public static class ShortPushTimes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // long enough for three calls on a busy machine, short enough for a quick test
            return Map.of("peercode.lock.push-token-ttl", "3s", "peercode.lock.claim-window", "2s");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    ExpirySweeper sweeper;

    @Test
    void anExpiredTokenPassesDownTheQueueSkippingAHeadThatDoesNotClaim() throws Exception {
        String project = Projects.fresh();
        call(project, "start", "alice").statusCode(200).body("status", is("granted"));
        call(project, "start", "bob").statusCode(200).body("position", is(1));
        call(project, "start", "carol").statusCode(200).body("position", is(2));

        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> sweepers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sweepers.add(pool.submit(() -> {
                while (!done.get()) {
                    sweeper.sweepOnce();
                }
                return null;
            }));
        }
        try {
            // alice's token expires, bob is offered it and lets the claim window pass, carol is offered it
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Events.of(redis, project, "sync.granted").size() >= 3);
            call(project, "start", "carol").statusCode(200).body("status", is("granted"));
        } finally {
            done.set(true);
            pool.shutdown();
        }
        for (Future<?> s : sweepers) {
            s.get(10, TimeUnit.SECONDS);
        }

        List<Map<String, String>> events = Events.of(redis, project);
        assertThat(events).extracting(e -> e.get("type") + ":" + e.get("actor"))
                .startsWith("sync.granted:alice", "sync.queued:bob", "sync.queued:carol", "sync.expired:alice",
                        "sync.granted:bob", "sync.expired:bob", "sync.granted:carol", "sync.granted:carol");
        assertThat(events.get(3).get("data")).contains("\"stage\":\"held\"");
        assertThat(events.get(5).get("data")).contains("\"stage\":\"offered\"");
        assertThat(events.get(6).get("data")).contains("\"mode\":\"offered\"");
        assertThat(events.get(7).get("data")).contains("\"mode\":\"claimed\"");
        // carol's own token may expire meanwhile: that is the only other event allowed
        assertThat(events.subList(8, events.size())).extracting(e -> e.get("type") + ":" + e.get("actor"))
                .isSubsetOf("sync.expired:carol");
        assertThat(events.subList(8, events.size())).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void statusSettlesAnExpiryItself() {
        String project = Projects.fresh();
        call(project, "start", "alice").statusCode(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> "free".equals(status(project).extract().path("state")));
        assertThat(Events.of(redis, project, "sync.expired")).hasSize(1);
    }
}
