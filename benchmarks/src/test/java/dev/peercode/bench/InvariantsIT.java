package dev.peercode.bench;

import static dev.peercode.bench.TestStack.isError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Invariants under concurrent load, through the gateway over MCP: lock mutual exclusion with
 * strictly increasing fencing tokens, gapless deltas seen exactly once by a concurrent reader,
 * single-winner claims, push-token FIFO. {@code -Preliability} runs them longer and wider.
 */
@Order(1)
class InvariantsIT {

    private static final int SCALE = TestStack.soak() ? 6 : 1;

    @Test
    void oneHolderAtATimeAndFencingTokensOnlyGrow() throws Exception {
        String project = TestStack.createProject("inv-locks");
        int sessions = 8 * SCALE;
        long until = System.nanoTime() + Duration.ofSeconds(5L * SCALE * SCALE).toNanos();
        AtomicReference<String> holder = new AtomicReference<>();
        AtomicLong lastToken = new AtomicLong();
        AtomicInteger acquisitions = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        CyclicBarrier start = new CyclicBarrier(sessions);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String session = "racer" + i;
            McpClient mcp = TestStack.agent();
            Map<String, Object> args = Map.of("projectId", project, "sessionId", session, "paths",
                    List.of("src/shared.ts"), "ttlSeconds", 30);
            threads.add(started(() -> {
                await(start);
                while (System.nanoTime() < until) {
                    JsonNode r = mcp.call("peercode_lock_file", args);
                    if (isError(r)) {
                        continue; // held by another session: expected
                    }
                    long token = r.path("structuredContent").path("locks").path(0).path("fencingToken").asLong();
                    // The client-side window [answer received, release sent] lies inside the server-side
                    // hold, so two overlapping client windows would prove two holders at once.
                    if (!holder.compareAndSet(null, session)) {
                        violations.add(session + " acquired while " + holder.get() + " held the lock");
                    }
                    long previous = lastToken.getAndSet(token);
                    if (token <= previous) {
                        violations.add("fencing token " + token + " after " + previous);
                    }
                    acquisitions.incrementAndGet();
                    holder.compareAndSet(session, null);
                    JsonNode released = mcp.call("peercode_release_lock", Map.of("projectId", project, "sessionId",
                            session, "paths", List.of("src/shared.ts")));
                    if (isError(released)) {
                        violations.add("release failed: " + TestStack.text(released));
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(violations).isEmpty();
        assertThat(acquisitions.get()).as("acquisitions").isGreaterThan(sessions);
    }

    @Test
    void gaplessDeltasAreSeenExactlyOnceByAConcurrentReader() throws Exception {
        String project = TestStack.createProject("inv-deltas");
        int writers = 4;
        int perWriter = 40 * SCALE;
        long startSeq = TestStack.agent().call("peercode_get_project", Map.of("projectId", project, "sessionId",
                "reader")).path("structuredContent").path("lastSeq").asLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            McpClient mcp = TestStack.agent();
            String session = "writer" + w;
            threads.add(started(() -> {
                for (int n = 0; n < perWriter; n++) {
                    JsonNode r = mcp.call("peercode_push_delta", Map.of("projectId", project, "sessionId", session,
                            "type", "note", "summary", session + " #" + n));
                    assertThat(isError(r)).as(TestStack.text(r)).isFalse();
                }
            }));
        }
        McpClient reader = TestStack.agent();
        List<Long> seqs = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        long cursor = startSeq;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (summaries.size() < writers * perWriter && System.nanoTime() < deadline) {
            JsonNode r = reader.call("peercode_get_deltas", Map.of("projectId", project, "sessionId", "reader", "after",
                    cursor, "waitSeconds", 2, "limit", 37)).path("structuredContent");
            for (JsonNode d : r.path("deltas")) {
                seqs.add(d.path("seq").asLong());
                if (d.path("type").asText().equals("note")) {
                    summaries.add(d.path("summary").asText());
                }
            }
            cursor = r.path("nextCursor").asLong(cursor);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("seq at %d", i).isEqualTo(startSeq + i + 1);
        }
        assertThat(summaries).hasSize(writers * perWriter).doesNotHaveDuplicates();
        // Each writer's deltas in the order it pushed them.
        Map<String, Integer> nextOf = new HashMap<>();
        for (String s : summaries) {
            String writer = s.substring(0, s.indexOf(' '));
            int n = Integer.parseInt(s.substring(s.indexOf('#') + 1));
            assertThat(n).as(s).isEqualTo(nextOf.getOrDefault(writer, 0));
            nextOf.put(writer, n + 1);
        }
    }

    @Test
    void exactlyOneOfManyRacingClaimersWins() throws Exception {
        String project = TestStack.createProject("inv-claims");
        String phase = TestStack.createPhase(project);
        int claimers = 8;
        List<McpClient> agents = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            agents.add(TestStack.agent());
        }
        for (int round = 0; round < 5 * SCALE; round++) {
            String task = TestStack.createTask(project, phase, "Race " + round);
            CyclicBarrier start = new CyclicBarrier(claimers);
            Set<String> winners = ConcurrentHashMap.newKeySet();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                McpClient mcp = agents.get(i);
                String session = "claimer" + i;
                threads.add(started(() -> {
                    await(start);
                    JsonNode r = mcp.call("peercode_update_task", Map.of("projectId", project, "sessionId", session,
                            "taskId", task, "claim", true));
                    if (!isError(r)) {
                        winners.add(session);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(winners).as("winners of %s", task).hasSize(1);
        }
    }

    @Test
    void thePushTokenGoesToWaitersInArrivalOrder() {
        String project = TestStack.createProject("inv-push");
        McpClient mcp = TestStack.agent();
        List<String> sessions = List.of("first", "second", "third", "fourth");
        String token = null;
        for (int i = 0; i < sessions.size(); i++) {
            JsonNode r = sync(mcp, project, sessions.get(i), "start", null);
            if (i == 0) {
                assertThat(r.path("status").asText()).isEqualTo("granted");
                token = r.path("token").asText();
            } else {
                assertThat(r.path("status").asText()).isEqualTo("queued");
                assertThat(r.path("position").asInt()).isEqualTo(i);
            }
        }
        List<String> order = new ArrayList<>(List.of("first"));
        String current = "first";
        for (int i = 1; i < sessions.size(); i++) {
            JsonNode done = syncComplete(mcp, project, current, token);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            String next = sessions.get(i);
            JsonNode claimed = sync(mcp, project, next, "start", null);
            assertThat(claimed.path("status").asText()).as(claimed.toString()).isEqualTo("granted");
            token = claimed.path("token").asText();
            current = next;
            order.add(next);
        }
        assertThat(order).isEqualTo(sessions);
        assertThat(Collections.frequency(order, "first")).isEqualTo(1);
    }

    private static JsonNode sync(McpClient mcp, String project, String session, String action, String token) {
        Map<String, Object> args = new HashMap<>(Map.of("projectId", project, "sessionId", session, "action", action));
        if (token != null) {
            args.put("token", token);
        }
        JsonNode r = mcp.call("peercode_sync_github", args);
        assertThat(isError(r)).as(TestStack.text(r)).isFalse();
        return r.path("structuredContent");
    }

    private static JsonNode syncComplete(McpClient mcp, String project, String session, String token) {
        JsonNode r = mcp.call("peercode_sync_github", Map.of("projectId", project, "sessionId", session, "action",
                "complete", "token", token, "commitSha", "abcdef1", "summary", "pushed by " + session));
        assertThat(isError(r)).as(TestStack.text(r)).isFalse();
        return r.path("structuredContent");
    }

    static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
