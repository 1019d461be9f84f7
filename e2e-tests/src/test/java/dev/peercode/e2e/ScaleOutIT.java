package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.peercode.launcher.ServiceProcess;
import dev.peercode.stores.LocalPostgres;
import dev.peercode.stores.LocalRedis;
import io.vertx.core.json.JsonObject;

/**
 * Horizontal scale on one machine, the way the Kubernetes Deployments run it: one PostgreSQL and
 * one Redis, one planner, two lock-service replicas and two gateway replicas on loopback ports.
 * Gateway A talks to lock-service A, gateway B to lock-service B; nothing is shared between the
 * replicas except the stores. Sessions on different gateways must still see each other live, a lock
 * expiry must be reported once although both lock replicas sweep, and the push token must pass from
 * a session on one replica to a session on the other.
 */
class ScaleOutIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static LocalPostgres postgres;
    private static LocalRedis redis;
    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static String gatewayA;
    private static String gatewayB;

    @BeforeAll
    static void startTwoOfEach() throws IOException {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path logs = Files.createTempDirectory("peercode-scale-out");
        postgres = LocalPostgres.start(null, 0, true);
        redis = LocalRedis.start(null, 0);
        Map<String, String> common = new HashMap<>();
        common.put("PEERCODE_REDIS_URL", redis.uri());
        // The internal credential (DESIGN.md §7): the same value for every replica, as the Secret gives it.
        common.put("PEERCODE_INTERNAL_TOKEN", UUID.randomUUID().toString());

        Map<String, String> plannerEnv = new HashMap<>(common);
        plannerEnv.put("PEERCODE_DB_URL", postgres.jdbcUrl("peercode"));
        plannerEnv.put("PEERCODE_DB_USER", LocalPostgres.USER);
        plannerEnv.put("PEERCODE_DB_PASSWORD", "local");
        ServiceProcess planner = start(home, logs, "planner-service", "planner-service", plannerEnv);
        ServiceProcess lockA = start(home, logs, "lock-service", "lock-service-a", common);
        ServiceProcess lockB = start(home, logs, "lock-service", "lock-service-b", common);
        planner.awaitReady(READY);
        lockA.awaitReady(READY);
        lockB.awaitReady(READY);
        ServiceProcess a = start(home, logs, "gateway-mcp", "gateway-mcp-a", gatewayEnv(common, planner, lockA));
        ServiceProcess b = start(home, logs, "gateway-mcp", "gateway-mcp-b", gatewayEnv(common, planner, lockB));
        a.awaitReady(READY);
        b.awaitReady(READY);
        gatewayA = a.baseUrl();
        gatewayB = b.baseUrl();
    }

    @AfterAll
    static void stopEverything() {
        // Gateways first, then the services, then the stores: the reverse of the start order.
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        List<CompletableFuture<Void>> stopping = reversed.stream()
                .map(p -> CompletableFuture.runAsync(() -> p.stop(Duration.ofSeconds(20))))
                .toList();
        stopping.forEach(CompletableFuture::join);
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aSessionOnGatewayASeesDeltasPushedThroughGatewayBLive() throws Exception {
        String projectId = createProject("scale-out deltas");
        try (Agent alice = Agent.at(gatewayA, "alice", projectId);
                Agent carol = Agent.at(gatewayA, "carol", projectId);
                Agent bob = Agent.at(gatewayB, "bob", projectId)) {
            String uri = "peercode://projects/" + projectId;
            // Joining (any call naming the project) makes its resource subscribable on this replica.
            alice.ok("peercode_get_project", Map.of());
            alice.request(alice.newRequest("resources/subscribe", new JsonObject().put("uri", uri)));
            long updatesBefore = updates(alice, uri);
            // carol has read everything so far; her next read on A long-polls.
            drain(carol);
            CompletableFuture<JsonObject> longPoll = CompletableFuture
                    .supplyAsync(() -> carol.ok("peercode_get_deltas", Map.of("waitSeconds", 25, "limit", 50)));

            long pushed = System.nanoTime();
            bob.ok("peercode_push_delta", Map.of("type", "discovery", "summary", "pushed through gateway B"));

            // The long-poll on A wakes up with B's delta, well before its 25 s wait ran out.
            JsonObject page = longPoll.get(20, TimeUnit.SECONDS);
            Duration waited = Duration.ofNanos(System.nanoTime() - pushed);
            assertThat(Agent.objects(page.getJsonArray("deltas"))).anySatisfy(d -> {
                assertThat(d.getString("actor")).isEqualTo("bob");
                assertThat(d.getString("summary")).isEqualTo("pushed through gateway B");
            });
            assertThat(waited).isLessThan(Duration.ofSeconds(20));
            // alice's MCP connection to A was told, by A, that the project changed (Redis pub/sub fan-out).
            await().atMost(Duration.ofSeconds(10)).until(() -> updates(alice, uri) > updatesBefore);
        }
    }

    @Test
    void aLockExpiryIsReportedExactlyOnceWhileBothLockReplicasSweep() {
        String projectId = createProject("scale-out expiry");
        try (Agent alice = Agent.at(gatewayA, "alice", projectId)) {
            // The shortest TTL the tools allow: it expires while both lock-service replicas sweep every second.
            JsonObject locked = alice.ok("peercode_lock_file",
                    Map.of("paths", List.of("src/expiring.ts"), "reason", "short-lived", "ttlSeconds", 10));
            assertThat(locked.getJsonArray("acquired")).containsExactly("src/expiring.ts");

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deltas(gatewayB, projectId, "lock.expired").size() >= 1);
            // And it stays one: neither replica reports it a second time.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> deltas(gatewayA, projectId, "lock.expired").size() == 1);
            JsonObject expired = deltas(gatewayA, projectId, "lock.expired").get(0);
            assertThat(expired.encode()).contains("src/expiring.ts");
            // The path is free again, for anyone on either replica.
            try (Agent bob = Agent.at(gatewayB, "bob", projectId)) {
                assertThat(bob.ok("peercode_lock_file", Map.of("paths", List.of("src/expiring.ts")))
                        .getJsonArray("acquired")).containsExactly("src/expiring.ts");
            }
        }
    }

    @Test
    void thePushTokenPassesFromASessionOnGatewayAToOneOnGatewayB() {
        String projectId = createProject("scale-out push token");
        try (Agent alice = Agent.at(gatewayA, "alice", projectId);
                Agent bob = Agent.at(gatewayB, "bob", projectId)) {
            JsonObject aliceTurn = alice.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(aliceTurn.getString("status")).isEqualTo("granted");
            JsonObject bobWaits = bob.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(bobWaits.getString("status")).isEqualTo("queued");
            assertThat(bobWaits.getInteger("position")).isEqualTo(1);
            assertThat(bobWaits.getString("holder")).isEqualTo("alice");

            JsonObject aliceDone = alice.ok("peercode_sync_github", Map.of("action", "complete",
                    "token", aliceTurn.getString("token"), "commitSha", "1111111111111111111111111111111111111111",
                    "summary", "alice's push"));
            assertThat(aliceDone.getString("nextInQueue")).isEqualTo("bob");

            // The grant reaches the log (lock-service B's or A's event, consumed by the planner) and B serves it.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !deltas(gatewayB, projectId, "sync.granted").isEmpty());
            assertThat(deltas(gatewayB, projectId, "sync.granted")).anySatisfy(d -> assertThat(d.encode())
                    .contains("bob"));

            JsonObject bobTurn = bob.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(bobTurn.getString("status")).isEqualTo("granted");
            assertThat(bobTurn.getJsonObject("lastPush").getString("commitSha"))
                    .isEqualTo("1111111111111111111111111111111111111111");
            bob.ok("peercode_sync_github", Map.of("action", "complete", "token", bobTurn.getString("token"),
                    "commitSha", "2222222222222222222222222222222222222222", "summary", "bob's push"));
            assertThat(alice.ok("peercode_sync_github", Map.of("action", "status")).getString("status"))
                    .isEqualTo("free");
        }
    }

    private static ServiceProcess start(Path home, Path logs, String module, String name, Map<String, String> env) {
        ServiceProcess process = ServiceProcess.start(name,
                home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"), dev.peercode.stores.FreePorts.pick(),
                logs, env);
        processes.add(process);
        return process;
    }

    private static Map<String, String> gatewayEnv(Map<String, String> common, ServiceProcess planner,
            ServiceProcess lock) {
        Map<String, String> env = new HashMap<>(common);
        env.put("QUARKUS_REST_CLIENT_PLANNER_URL", planner.baseUrl());
        env.put("QUARKUS_REST_CLIENT_LOCK_URL", lock.baseUrl());
        // Local mode, as the launcher runs it: the replicas bind loopback, and scaling is what is under test here.
        env.put("PEERCODE_AUTH_ENABLED", "false");
        return env;
    }

    private static String createProject(String name) {
        HttpResponse<String> created = Rest.post(gatewayA, "/api/v1/projects?session=setup",
                new JsonObject().put("name", name));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        return new JsonObject(created.body()).getString("id");
    }

    /** Every delta of one type in the project's log, read through the given gateway (no cursor moved). */
    private static List<JsonObject> deltas(String gateway, String projectId, String type) {
        HttpResponse<String> r = Rest.get(gateway, "/api/v1/projects/" + projectId + "/deltas?session=observer"
                + "&after=0&excludeOwn=false&includeData=true&limit=200&types="
                + URLEncoder.encode(type, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Agent.objects(new JsonObject(r.body()).getJsonArray("deltas"));
    }

    private static long updates(Agent agent, String uri) {
        return agent.client.snapshot().notifications().stream()
                .filter(n -> "notifications/resources/updated".equals(n.getString("method")))
                .filter(n -> uri.equals(n.getJsonObject("params").getString("uri"))).count();
    }

    /** Reads the session's cursor to the end, so that its next read waits for news. */
    private static void drain(Agent agent) {
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.ok("peercode_get_deltas", Map.of("limit", 200))
                .getJsonArray("deltas").isEmpty());
    }
}
