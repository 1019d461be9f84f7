package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** N MCP sessions claim one task at the same instant through the gateway: exactly one wins. */
class ClaimRaceIT {

    private static final int SESSIONS = 8;

    @Test
    void exactlyOneOfEightRacingClaimersWinsAndTheOthersAreToldWho() throws Exception {
        String projectId = Rest.createProject("claim race");
        String taskId = Rest.createTask(projectId, Rest.createPhase(projectId, "Race"), "The contested task");
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            agents.add(Agent.withArguments("racer-" + i, projectId));
        }
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            CyclicBarrier barrier = new CyclicBarrier(SESSIONS);
            List<Future<JsonObject>> results = new ArrayList<>();
            for (Agent agent : agents) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return agent.call("peercode_update_task", Map.of("taskId", taskId, "claim", true));
                }));
            }
            List<String> winners = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            for (Future<JsonObject> f : results) {
                JsonObject r = f.get();
                if (r.getBoolean("isError", false)) {
                    refusals.add(Agent.text(r));
                } else {
                    winners.add(r.getJsonObject("structuredContent").getString("assignee"));
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(refusals).hasSize(SESSIONS - 1).allSatisfy(text -> assertThat(text)
                    .contains("claimed by " + winners.get(0)));
            JsonObject task = Rest.getJson("/api/v1/projects/" + projectId + "/tasks/" + taskId);
            assertThat(task.getString("assignee")).isEqualTo(winners.get(0));
            assertThat(task.getString("status")).isEqualTo("in_progress");
        } finally {
            pool.shutdown();
            agents.forEach(Agent::close);
        }
    }
}
