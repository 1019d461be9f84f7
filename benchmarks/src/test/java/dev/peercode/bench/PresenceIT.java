package dev.peercode.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Presence after the gateway stopped touching it on every tool call: a session that keeps calling is
 * refreshed at most once per refresh interval, and stays active. The stack runs with a 3 s interval
 * ({@code PEERCODE_GATEWAY_PRESENCE_REFRESH_INTERVAL} in the failsafe configuration; 30 s by default).
 */
@Order(2)
class PresenceIT {

    private static final Duration INTERVAL = Duration.ofSeconds(3);

    @Test
    void aBusySessionIsRefreshedAtMostOncePerIntervalAndStaysActive() {
        String project = TestStack.createProject("presence");
        McpClient agent = TestStack.agent();
        McpClient observer = TestStack.agent();
        Map<String, Object> call = Map.of("projectId", project, "sessionId", "busy-agent", "after", 0);

        long firstCall = System.nanoTime();
        agent.call("peercode_get_deltas", call);
        // The refresh is sent without waiting for it: await its effect.
        Instant first = await().atMost(Duration.ofSeconds(20)).until(() -> lastSeen(observer, project), Optional::isPresent)
                .orElseThrow();

        for (int i = 0; i < 10; i++) {
            agent.call("peercode_get_deltas", call);
        }
        // Within the interval the calls above did not refresh again (checked only when this loaded
        // machine made them within it).
        Optional<Instant> afterBurst = lastSeen(observer, project);
        if (System.nanoTime() - firstCall < INTERVAL.toNanos()) {
            assertThat(afterBurst).contains(first);
        }

        // Once the interval has passed, the next call refreshes it; the session is active throughout.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            agent.call("peercode_get_deltas", call);
            Optional<Instant> seen = lastSeen(observer, project);
            assertThat(seen).as("busy-agent listed as active").isPresent();
            return seen.get().isAfter(first);
        });
    }

    /** When {@code busy-agent} was last seen, if it is among the project's active sessions. */
    private static Optional<Instant> lastSeen(McpClient observer, String project) {
        JsonNode sessions = observer.call("peercode_get_project", Map.of("projectId", project, "sessionId", "observer"))
                .path("structuredContent").path("activeSessions");
        for (JsonNode s : sessions) {
            if (s.path("session").asText().equals("busy-agent")) {
                return Optional.of(Instant.parse(s.path("lastSeen").asText()));
            }
        }
        return Optional.empty();
    }
}
