package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * The whole story of the product, end to end: two sessions, alice and bob, join project X through
 * the MCP endpoint of the real gateway (real planner on PostgreSQL, real lock service on Redis), read
 * the state, create and race for tasks, lock files, tell each other things through deltas, debate a
 * conflict, replan, and take turns pushing to the peer-progress branch of a real git repository.
 */
class StoryIT {

    @Test
    void aliceAndBobWorkOnOneRepositoryWithoutSteppingOnEachOther(@TempDir Path tmp) throws Exception {
        String projectId = Rest.createProject("Project X");
        try (Agent alice = Agent.withArguments("alice", projectId);
                Agent bob = Agent.withHeaders("bob", projectId)) {

            // Both join and read the shared state; bob subscribes to the project's resource.
            JsonObject state = alice.ok("peercode_get_project", Map.of());
            assertThat(state.getJsonObject("project").getString("name")).isEqualTo("Project X");
            assertThat(bob.ok("peercode_get_project", Map.of()).getJsonObject("project").getString("id"))
                    .isEqualTo(projectId);
            bob.request(bob.newRequest("resources/subscribe",
                    new JsonObject().put("uri", "peercode://projects/" + projectId)));
            // Presence: every call refreshed it, so both are active.
            assertThat(sessions(alice.ok("peercode_get_project", Map.of()))).contains("alice", "bob");

            // alice lays out the work.
            String phase = alice.ok("peercode_create_phase", Map.of("name", "Auth")).getString("id");
            String refactor = alice.ok("peercode_create_task", Map.of("phaseId", phase, "title", "Auth refactor",
                    "expectedFiles", List.of("src/app.ts"), "priority", 1)).getString("id");
            String docs = alice.ok("peercode_create_task", Map.of("phaseId", phase, "title", "Document the login flow",
                    "dependsOn", List.of(refactor))).getString("id");

            // Both claim the refactor at the same moment: exactly one wins, the other is told who.
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Callable<JsonObject> aliceClaims = () -> {
                start.await();
                return alice.call("peercode_update_task", Map.of("taskId", refactor, "claim", true));
            };
            Callable<JsonObject> bobClaims = () -> {
                start.await();
                return bob.call("peercode_update_task", Map.of("taskId", refactor, "claim", true));
            };
            Future<JsonObject> a = pool.submit(aliceClaims);
            Future<JsonObject> b = pool.submit(bobClaims);
            start.countDown();
            JsonObject aliceResult = a.get();
            JsonObject bobResult = b.get();
            pool.shutdown();
            assertThat(List.of(aliceResult.getBoolean("isError", false), bobResult.getBoolean("isError", false)))
                    .containsExactlyInAnyOrder(true, false);
            boolean aliceWon = !aliceResult.getBoolean("isError", false);
            Agent winner = aliceWon ? alice : bob;
            Agent loser = aliceWon ? bob : alice;
            assertThat(Agent.text(aliceWon ? bobResult : aliceResult)).contains("claimed by " + winner.session);
            // The loser takes the other task instead.
            assertThat(loser.ok("peercode_update_task", Map.of("taskId", docs, "claim", true)).getString("assignee"))
                    .isEqualTo(loser.session);

            // alice locks the file of the refactor; bob is refused and told why.
            JsonObject locked = alice.ok("peercode_lock_file",
                    Map.of("paths", List.of("src/app.ts"), "reason", "auth refactor", "taskId", refactor));
            assertThat(locked.getJsonArray("acquired")).containsExactly("src/app.ts");
            String refused = bob.toolError("peercode_lock_file", Map.of("paths", List.of("src/**")));
            assertThat(refused).contains("src/app.ts", "locked by alice", "auth refactor", "until",
                    "start a debate with alice");
            // Locking again renews.
            assertThat(alice.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"))).getJsonArray("renewed"))
                    .containsExactly("src/app.ts");

            // alice broadcasts a discovery; bob receives it through his durable cursor, alice does not get her own.
            alice.ok("peercode_push_delta", Map.of("type", "discovery",
                    "summary", "Session cookies are signed with SHA-1; the refactor replaces it", "paths",
                    List.of("src/app.ts"), "taskIds", List.of(refactor)));
            List<JsonObject> bobSees = deltasUntil(bob, "discovery");
            assertThat(bobSees).anySatisfy(d -> {
                assertThat(d.getString("actor")).isEqualTo("alice");
                assertThat(d.getString("summary")).contains("SHA-1");
            });
            assertThat(bobSees).noneMatch(d -> "bob".equals(d.getString("actor")));
            // Nothing is given twice: the cursor moved on.
            assertThat(types(bob.ok("peercode_get_deltas", Map.of()))).doesNotContain("discovery");
            JsonObject aliceSees = alice.ok("peercode_get_deltas", Map.of("limit", 200));
            assertThat(Agent.objects(aliceSees.getJsonArray("deltas")))
                    .noneMatch(d -> "alice".equals(d.getString("actor")));
            // bob's MCP client was told that the project's resource changed (planner publish -> gateway).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bob.client.snapshot().notifications())
                    .anySatisfy(n -> {
                        assertThat(n.getString("method")).isEqualTo("notifications/resources/updated");
                        assertThat(n.getJsonObject("params").getString("uri"))
                                .isEqualTo("peercode://projects/" + projectId);
                    }));

            // bob wants src/app.ts too: they debate it to a resolution.
            JsonObject debate = bob.ok("peercode_start_debate", Map.of("topic", "Who edits src/app.ts first",
                    "question", "The refactor and the docs both touch src/app.ts; who goes first?",
                    "options", List.of("alice-first", "bob-first"), "participants", List.of("alice")));
            String debateId = debate.getString("id");
            assertThat(debate.getString("status")).isEqualTo("open");
            alice.ok("peercode_respond_debate", Map.of("debateId", debateId, "choice", "alice-first",
                    "argument", "The refactor changes the file under the docs"));
            JsonObject resolved = bob.ok("peercode_respond_debate", Map.of("debateId", debateId,
                    "choice", "alice-first", "argument", "Agreed, I will document after"));
            assertThat(resolved.getString("status")).isEqualTo("resolved");
            assertThat(resolved.getString("outcome")).isEqualTo("alice-first");

            // Replan: a proposal first, then an operation applied as one plan revision.
            JsonObject proposal = alice.ok("peercode_replan", Map.of());
            assertThat(proposal.getString("mode")).isEqualTo("proposal");
            JsonObject applied = alice.ok("peercode_replan", Map.of("reason", "docs wait for the debate outcome",
                    "operations", List.of(Map.of("op", "update_task", "taskId", docs, "status", "blocked"))));
            assertThat(applied.getString("mode")).isEqualTo("applied");
            assertThat(Rest.getJson("/api/v1/projects/" + projectId + "/tasks/" + docs).getString("status"))
                    .isEqualTo("blocked");

            // Taking turns on the sync branch of a real repository.
            Path origin = tmp.resolve("origin.git");
            Files.createDirectories(origin);
            new Git(origin).run("init", "--bare", "-b", "main");
            Git aliceRepo = clone(tmp, origin, "alice");
            Git bobRepo = clone(tmp, origin, "bob");
            Files.writeString(tmp.resolve("alice/auth.ts"), "export const hash = 'sha256';\n");
            aliceRepo.run("add", ".");
            aliceRepo.run("commit", "-m", "auth: sha256");
            Files.writeString(tmp.resolve("bob/LOGIN.md"), "# Login flow\n");
            bobRepo.run("add", ".");
            bobRepo.run("commit", "-m", "docs: login flow");

            JsonObject aliceTurn = alice.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(aliceTurn.getString("status")).isEqualTo("granted");
            assertThat(aliceTurn.getString("branch")).isEqualTo("peer-progress");
            assertThat(aliceTurn.getJsonArray("gitSteps")).contains("git fetch origin peer-progress",
                    "git rebase origin/peer-progress", "git push origin HEAD:peer-progress");
            JsonObject bobWaits = bob.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(bobWaits.getString("status")).isEqualTo("queued");
            assertThat(bobWaits.getInteger("position")).isEqualTo(1);
            assertThat(bobWaits.getString("holder")).isEqualTo("alice");

            runSteps(aliceRepo, aliceTurn);
            String aliceSha = aliceRepo.run("rev-parse", "HEAD");
            JsonObject aliceDone = alice.ok("peercode_sync_github", Map.of("action", "complete",
                    "token", aliceTurn.getString("token"), "commitSha", aliceSha, "summary", "auth: sha256"));
            assertThat(aliceDone.getString("nextInQueue")).isEqualTo("bob");

            JsonObject bobTurn = bob.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(bobTurn.getString("status")).isEqualTo("granted");
            assertThat(bobTurn.getJsonObject("lastPush").getString("commitSha")).isEqualTo(aliceSha);
            runSteps(bobRepo, bobTurn);
            String bobSha = bobRepo.run("rev-parse", "HEAD");
            // bob pulled alice's commit before pushing: it is his parent on the shared branch.
            assertThat(bobRepo.run("rev-parse", "HEAD~1")).isEqualTo(aliceSha);
            bob.ok("peercode_sync_github", Map.of("action", "complete", "token", bobTurn.getString("token"),
                    "commitSha", bobSha, "summary", "docs: login flow"));
            // alice's next turn: she pulls bob's commit first, then pushes on top of it.
            Files.writeString(tmp.resolve("alice/auth.ts"), "export const hash = 'sha512';\n");
            aliceRepo.run("commit", "-am", "auth: sha512");
            JsonObject aliceAgain = alice.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(aliceAgain.getString("status")).isEqualTo("granted");
            assertThat(aliceAgain.getJsonObject("lastPush").getString("commitSha")).isEqualTo(bobSha);
            runSteps(aliceRepo, aliceAgain);
            assertThat(aliceRepo.run("rev-parse", "HEAD~1")).isEqualTo(bobSha);
            alice.ok("peercode_sync_github", Map.of("action", "complete", "token", aliceAgain.getString("token"),
                    "commitSha", aliceRepo.run("rev-parse", "HEAD"), "summary", "auth: sha512"));
            Git originRepo = new Git(origin);
            assertThat(originRepo.run("log", "--format=%s", "peer-progress").lines())
                    .containsExactly("auth: sha512", "docs: login flow", "auth: sha256");
            assertThat(bob.ok("peercode_sync_github", Map.of("action", "status")).getString("status"))
                    .isEqualTo("free");

            // The lock service's events reached the log: bob sees alice's push.
            assertThat(deltasUntil(bob, "sync.completed")).anySatisfy(d -> assertThat(d.getString("actor"))
                    .isEqualTo("alice"));

            // Done: alice releases everything she holds.
            assertThat(alice.ok("peercode_release_lock", Map.of()).getJsonArray("released"))
                    .containsExactly("src/app.ts");
            assertThat(bob.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"))).getJsonArray("acquired"))
                    .containsExactly("src/app.ts");
        }
    }

    private static Git clone(Path tmp, Path origin, String who) {
        new Git(tmp).run("clone", origin.toString(), who);
        Git repo = new Git(tmp.resolve(who));
        repo.run("config", "user.name", who);
        repo.run("config", "user.email", who + "@peercode.test");
        return repo;
    }

    private static void runSteps(Git repo, JsonObject grant) {
        for (Object step : grant.getJsonArray("gitSteps")) {
            repo.step((String) step, grant.getString("branch"));
        }
    }

    /** Reads bob's durable cursor (long-polling) until a delta of this type arrived; bounded. */
    private static List<JsonObject> deltasUntil(Agent agent, String type) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<JsonObject> seen = new java.util.ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            JsonObject page = agent.ok("peercode_get_deltas", Map.of("waitSeconds", 3, "limit", 200));
            seen.addAll(Agent.objects(page.getJsonArray("deltas")));
            if (seen.stream().anyMatch(d -> type.equals(d.getString("type")))) {
                return seen;
            }
        }
        throw new AssertionError(agent.session + " never received a " + type + " delta; saw " + seen);
    }

    private static List<String> types(JsonObject page) {
        return Agent.objects(page.getJsonArray("deltas")).stream().map(d -> d.getString("type")).toList();
    }

    private static List<String> sessions(JsonObject state) {
        return Agent.objects(state.getJsonArray("activeSessions")).stream().map(s -> s.getString("session")).toList();
    }
}
