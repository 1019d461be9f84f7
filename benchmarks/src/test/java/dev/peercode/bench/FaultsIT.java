package dev.peercode.bench;

import static dev.peercode.bench.TestStack.isError;
import static dev.peercode.bench.TestStack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.launcher.LocalStack;

/**
 * Faults in the middle of a run: the lock service, the planner, Redis and PostgreSQL are each
 * stopped and started again (same port, same data) while an agent keeps calling the gateway. During
 * the outage the gateway's tool errors name the part that is unavailable; afterwards it recovers by
 * itself (it is never restarted), nothing committed is lost, seq stays gapless, the lock events
 * written meanwhile reach the delta log exactly once, and no lock outlives its TTL.
 */
@Order(3)
class FaultsIT {

    private static final String LOCK_DOWN = "The lock service (file locks, push token, presence) is unavailable";
    private static final String PLANNER_DOWN = "The planner (plan, tasks, deltas, debates) is unavailable";
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final LocalStack stack = TestStack.get();
    private final McpClient agent = TestStack.agent();

    @AfterEach
    void everythingIsUpAgain() {
        // A failed test must not leave the next one without a backend.
        await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var r = TestStack.rest().get(TestStack.gateway() + "/q/health/ready", false);
            return r.status() == 200;
        });
    }

    @Test
    void lockServiceRestart() {
        String project = TestStack.createProject("fault-lock");
        assertOk(lock(project, "alice", "src/held.ts", 300));
        stack.stopService("lock-service");
        try {
            JsonNode refused = lock(project, "bob", "src/other.ts", 60);
            assertThat(isError(refused)).isTrue();
            assertThat(text(refused)).startsWith(LOCK_DOWN);
            // The planner side keeps working.
            assertOk(pushNote(project, "during the lock-service outage"));
        } finally {
            stack.startService("lock-service");
        }
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> !isError(lock(project, "bob", "src/other.ts", 60)));
        // The lock taken before the outage is still alice's (Redis kept it).
        JsonNode conflict = lock(project, "bob", "src/held.ts", 60);
        assertThat(isError(conflict)).isTrue();
        assertThat(text(conflict)).contains("alice");
        assertGaplessAndOnce(project);
    }

    @Test
    void plannerRestartLosesNothingAndTheStreamCatchesUp() {
        outageOfThePlannerSide("fault-planner", () -> stack.stopService("planner-service"),
                () -> stack.startService("planner-service"));
    }

    @Test
    void redisRestartKeepsLocksWithinTheirTtlOnly() {
        String project = TestStack.createProject("fault-redis");
        JsonNode shortLock = structured(lock(project, "alice", "src/short.ts", 10));
        Instant expiresAt = Instant.parse(shortLock.path("locks").path(0).path("expiresAt").asText());
        assertOk(lock(project, "alice", "src/long.ts", 600));
        // No wait for appendfsync (everysec): Redis stopped with SIGTERM writes and syncs its append-only
        // file before it exits, as it does when a pod or the launcher stops it.
        stack.stopRedis();
        try {
            JsonNode refused = lock(project, "bob", "src/other.ts", 60);
            assertThat(isError(refused)).isTrue();
            assertThat(text(refused)).startsWith(LOCK_DOWN);
            assertOk(pushNote(project, "planner commits without Redis"));
        } finally {
            stack.startRedis();
        }
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> !isError(lock(project, "bob", "src/other.ts", 60)));
        assertThat(text(lock(project, "bob", "src/long.ts", 60))).contains("alice");
        // The 10 s lock is gone once its TTL passed (plus a sweep and clock slack).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !isError(lock(project, "carol", "src/short.ts", 30)));
        assertThat(Instant.now()).isAfter(expiresAt.minusMillis(500));
        assertGaplessAndOnce(project);
    }

    @Test
    void postgresRestartLosesNothingCommitted() {
        outageOfThePlannerSide("fault-postgres", stack::stopPostgres, stack::startPostgres);
    }

    /**
     * Commits five deltas, takes the planner side down, checks the gateway names the planner while
     * locks keep working (their events wait in the Redis stream), brings it back, and checks that the
     * gateway recovers alone, the five deltas are there, seq is gapless and each lock event arrived once.
     */
    private void outageOfThePlannerSide(String name, Runnable stop, Runnable start) {
        String project = TestStack.createProject(name);
        for (int i = 0; i < 5; i++) {
            assertOk(pushNote(project, "before " + i));
        }
        stop.run();
        try {
            JsonNode refused = pushNote(project, "while down");
            assertThat(isError(refused)).isTrue();
            assertThat(text(refused)).startsWith(PLANNER_DOWN);
            for (int i = 0; i < 3; i++) {
                assertOk(lock(project, "alice", "src/outage" + i + ".ts", 60));
            }
        } finally {
            start.run();
        }
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> !isError(pushNote(project, "after")));
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                pathsOf(project, "lock.acquired")).contains("src/outage0.ts", "src/outage1.ts", "src/outage2.ts"));
        List<JsonNode> deltas = assertGaplessAndOnce(project);
        assertThat(deltas.stream().filter(d -> d.path("summary").asText().startsWith("before ")).count()).isEqualTo(5);
    }

    // --- helpers ---

    private JsonNode lock(String project, String session, String path, int ttl) {
        return agent.call("peercode_lock_file", Map.of("projectId", project, "sessionId", session, "paths", List.of(path),
                "ttlSeconds", ttl));
    }

    private JsonNode pushNote(String project, String summary) {
        return agent.call("peercode_push_delta", Map.of("projectId", project, "sessionId", "writer", "type", "note",
                "summary", summary));
    }

    private List<String> pathsOf(String project, String type) {
        return TestStack.allDeltas(agent, project).stream().filter(d -> d.path("type").asText().equals(type))
                .flatMap(d -> {
                    List<String> paths = new java.util.ArrayList<>();
                    d.path("paths").forEach(p -> paths.add(p.asText()));
                    return paths.stream();
                }).toList();
    }

    /** Seq 1..n with no gap, and no lock event appended twice (each stream entry once). */
    private List<JsonNode> assertGaplessAndOnce(String project) {
        List<JsonNode> deltas = TestStack.allDeltas(agent, project);
        for (int i = 0; i < deltas.size(); i++) {
            assertThat(deltas.get(i).path("seq").asLong()).as("seq at %d", i)
                    .isEqualTo(deltas.get(0).path("seq").asLong() + i);
        }
        Map<String, Long> lockEvents = deltas.stream().filter(d -> d.path("type").asText().startsWith("lock."))
                .collect(Collectors.groupingBy(d -> d.path("type").asText() + " " + d.path("actor").asText() + " "
                        + d.path("paths") + " " + d.path("at").asText(), Collectors.counting()));
        assertThat(lockEvents.values()).as("lock events appended once: %s", lockEvents).allMatch(n -> n == 1);
        return deltas;
    }

    private static JsonNode structured(JsonNode result) {
        assertOk(result);
        return result.path("structuredContent");
    }

    private static void assertOk(JsonNode result) {
        assertThat(isError(result)).as("%s", text(result)).isFalse();
    }
}
