package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.peercode.launcher.ServiceProcess;
import dev.peercode.stores.FreePorts;
import dev.peercode.stores.LocalPostgres;
import dev.peercode.stores.LocalRedis;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.vertx.core.json.JsonObject;

/**
 * Horizontal scale on one machine, the way the Kubernetes Deployments run it: one PostgreSQL and
 * one Redis, one planner (a second one for the webhook test), two lock-service replicas and two gateway
 * replicas on loopback ports.
 * Gateway A talks to lock-service A, gateway B to lock-service B; nothing is shared between the
 * replicas except the stores. Sessions on different gateways must still see each other live, a lock
 * expiry must be reported once although both lock replicas sweep, and the push token must pass from
 * a session on one replica to a session on the other. And an MCP session, which lives in the memory of the
 * replica that created it, must be usable through any replica (the gateway's session routing), until that
 * replica stops: then the session answers 404 and the client starts a new one.
 */
class ScaleOutIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static LocalPostgres postgres;
    private static LocalRedis redis;
    private static String gatewaySecret;
    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static String gatewayA;
    private static String gatewayB;
    private static Path home;
    private static Path logs;
    private static Map<String, String> common;
    private static ServiceProcess planner;
    private static ServiceProcess lockA;
    private static Map<String, String> plannerEnvironment;

    @BeforeAll
    static void startTwoOfEach() throws IOException {
        home = Path.of("..").toAbsolutePath().normalize();
        logs = Files.createTempDirectory("peercode-scale-out");
        postgres = LocalPostgres.start(null, 0, true);
        redis = LocalRedis.start(null, 0);
        common = new HashMap<>();
        common.put("PEERCODE_REDIS_URL", redis.uri());
        // The internal credential (DESIGN.md §7): the same value for every replica, as the Secret gives it.
        common.put("PEERCODE_INTERNAL_TOKEN", UUID.randomUUID().toString());
        // The gateways' own secret (signed session records, hops between replicas): gateways only.
        gatewaySecret = UUID.randomUUID() + "-" + UUID.randomUUID();

        Map<String, String> plannerEnv = new HashMap<>(common);
        plannerEnv.put("PEERCODE_DB_URL", postgres.jdbcUrl("peercode"));
        plannerEnv.put("PEERCODE_DB_USER", LocalPostgres.SERVICE_USER);
        plannerEnv.put("PEERCODE_DB_PASSWORD", postgres.servicePassword());
        // Webhook receivers of these tests listen on loopback.
        plannerEnv.put("PEERCODE_PLANNER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        plannerEnv.put("PEERCODE_PLANNER_EVENTS_CONSUMER_NAME", "planner-a");
        planner = start("planner-service", "planner-service", plannerEnv);
        plannerEnvironment = plannerEnv;
        lockA = start("lock-service", "lock-service-a", common);
        ServiceProcess lockB = start("lock-service", "lock-service-b", common);
        planner.awaitReady(READY);
        lockA.awaitReady(READY);
        lockB.awaitReady(READY);
        ServiceProcess a = startGateway("gateway-mcp-a", lockA);
        ServiceProcess b = startGateway("gateway-mcp-b", lockB);
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

    @Test
    void aSessionStartedOnGatewayAIsServedByGatewayBIncludingItsEventStream() throws Exception {
        String projectId = createProject("scale-out sessions");
        String uri = "peercode://projects/" + projectId;
        McpStreamableTestClient client = mcpClient(gatewayA, "alice");
        String session = client.mcpSessionId();
        try (SseListener stream = SseListener.open(gatewayB, session);
                Agent bob = Agent.at(gatewayA, "bob", projectId)) {
            // The stream opened on B is A's session's stream: A greets it through the hop.
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.messages().isEmpty());

            JsonObject project = SessionHop.toolOk(gatewayB, session, "peercode_get_project",
                    Map.of("projectId", projectId, "sessionId", "alice"));
            assertThat(project.encode()).contains(projectId);
            JsonObject subscribed = SessionHop.request(gatewayB, session, "resources/subscribe",
                    new JsonObject().put("uri", uri));
            assertThat(subscribed.containsKey("error")).as(subscribed.encode()).isFalse();
            SessionHop.toolOk(gatewayB, session, "peercode_push_delta", Map.of("projectId", projectId,
                    "sessionId", "alice", "type", "discovery", "summary", "alice's call went through B"));
            assertThat(deltas(gatewayA, projectId, "discovery")).anySatisfy(d -> {
                assertThat(d.getString("actor")).isEqualTo("alice");
                assertThat(d.getString("summary")).isEqualTo("alice's call went through B");
            });

            // A delta by someone else: A notifies the session, on the one stream it has, the one opened on B.
            bob.ok("peercode_push_delta", Map.of("type", "discovery", "summary", "bob on A"));
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.messages().stream()
                    .anyMatch(m -> "notifications/resources/updated".equals(m.getString("method"))
                            && uri.equals(m.getJsonObject("params").getString("uri"))));

            // Closing the session through B closes it on A, for everybody.
            assertThat(SessionHop.delete(gatewayB, session)).isEqualTo(200);
            assertThat(SessionHop.post(gatewayA, session, SessionHop.message("ping", new JsonObject())).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void whenTheReplicaHoldingASessionStopsTheSessionAnswers404AndANewOneWorks() {
        String projectId = createProject("scale-out replica gone");
        ServiceProcess c = startGateway("gateway-mcp-c", lockA);
        c.awaitReady(READY);
        McpStreamableTestClient onC = mcpClient(c.baseUrl(), "carol");
        String session = onC.mcpSessionId();
        SessionHop.toolOk(gatewayB, session, "peercode_get_project", Map.of("projectId", projectId, "sessionId", "carol"));

        c.stop(Duration.ofSeconds(20));

        // Its sessions died with it: 404, which tells an MCP client to start a new session.
        assertThat(SessionHop.post(gatewayB, session, SessionHop.toolCall("peercode_get_project",
                Map.of("projectId", projectId, "sessionId", "carol"))).statusCode()).isEqualTo(404);
        assertThat(SessionHop.post(gatewayA, session, SessionHop.message("ping", new JsonObject())).statusCode())
                .isEqualTo(404);
        try (Agent again = Agent.at(gatewayB, "carol", projectId)) {
            assertThat(again.ok("peercode_get_project", Map.of()).encode()).contains(projectId);
        }
    }

    @Test
    void manyCallsThroughBothReplicasOnSessionsHeldByTheOtherAreEachAnsweredToTheirCaller() throws Exception {
        String projectId = createProject("scale-out routing race");
        int sessionsPerReplica = 4;
        int callsPerSession = 15;
        List<String> sessions = new ArrayList<>();
        List<String> through = new ArrayList<>();
        for (int i = 0; i < sessionsPerReplica; i++) {
            sessions.add(mcpClient(gatewayA, "racer-a" + i).mcpSessionId());
            through.add(gatewayB);
            sessions.add(mcpClient(gatewayB, "racer-b" + i).mcpSessionId());
            through.add(gatewayA);
        }
        CyclicBarrier start = new CyclicBarrier(sessions.size());
        ExecutorService threads = Executors.newFixedThreadPool(sessions.size());
        List<CompletableFuture<List<String>>> racers = new ArrayList<>();
        for (int r = 0; r < sessions.size(); r++) {
            int racer = r;
            racers.add(CompletableFuture.supplyAsync(() -> {
                List<String> problems = new ArrayList<>();
                arrive(start);
                for (int k = 0; k < callsPerSession; k++) {
                    String summary = "racer " + racer + " call " + k;
                    JsonObject request = SessionHop.toolCall("peercode_push_delta", Map.of("projectId", projectId,
                            "sessionId", "racer-" + racer, "type", "note", "summary", summary));
                    HttpResponse<String> response = SessionHop.post(through.get(racer), sessions.get(racer), request);
                    JsonObject answer = SessionHop.answerTo(request, response);
                    JsonObject result = answer.getJsonObject("result", new JsonObject());
                    JsonObject delta = result.getJsonObject("structuredContent", new JsonObject());
                    if (response.statusCode() != 200 || result.getBoolean("isError", true)
                            || !summary.equals(delta.getString("summary"))
                            || !("racer-" + racer).equals(delta.getString("actor"))) {
                        problems.add(summary + " -> " + response.statusCode() + " " + response.body());
                    }
                }
                return problems;
            }, threads));
        }
        try {
            for (CompletableFuture<List<String>> racer : racers) {
                assertThat(racer.get(2, TimeUnit.MINUTES)).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
        // Each call was applied once, by the session it belonged to.
        List<JsonObject> notes = deltas(gatewayA, projectId, "note");
        assertThat(notes).hasSize(sessions.size() * callsPerSession);
        assertThat(notes).allSatisfy(d -> assertThat(d.getString("summary"))
                .startsWith(d.getString("actor").replace("racer-", "racer ") + " call "));
        assertThat(notes.stream().map(d -> d.getString("summary")).distinct().count()).isEqualTo(notes.size());
    }

    @Test
    void twoPlannerReplicasDeliverEveryWebhookEventOnceByItsKey() throws Exception {
        // A second planner replica on the same database, for this test only (it costs every other test CPU):
        // no gateway calls it, but it runs the webhook delivery worker and its own stream consumer, as a pod would.
        Map<String, String> env = new HashMap<>(plannerEnvironment);
        env.put("PEERCODE_PLANNER_EVENTS_CONSUMER_NAME", "planner-b");
        ServiceProcess plannerB = start("planner-service", "planner-service-b", env);
        plannerB.awaitReady(READY);
        String projectId = createProject("scale-out webhooks");
        List<String> received = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("X-PeerCode-Event-Id"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            HttpResponse<String> hook = Rest.post(gatewayA, "/api/v1/projects/" + projectId + "/webhooks?session=setup",
                    new JsonObject().put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                            .put("format", "generic").put("events", new io.vertx.core.json.JsonArray().add("blocker")));
            assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);

            // Events written through both replicas at once (so both outboxes fill and both workers claim).
            int perReplica = 20;
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<List<String>>> writers = Stream.of(planner, plannerB)
                    .map(replica -> CompletableFuture.supplyAsync(() -> {
                        arrive(start);
                        List<String> keys = new ArrayList<>();
                        for (int i = 0; i < perReplica; i++) {
                            HttpResponse<String> pushed = Rest.send(HttpRequest
                                    .newBuilder(URI.create(replica.baseUrl() + "/v1/projects/" + projectId + "/deltas"))
                                    .header("Authorization", "Bearer " + common.get("PEERCODE_INTERNAL_TOKEN"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("actor", "ann")
                                            .put("type", "blocker").put("summary", "blocked " + i).encode()))
                                    .build());
                            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
                            keys.add(projectId + "." + new JsonObject(pushed.body()).getLong("seq"));
                        }
                        return keys;
                    })).toList();
            List<String> expected = writers.stream().flatMap(w -> w.join().stream()).sorted().toList();
            assertThat(expected).doesNotHaveDuplicates().hasSize(2 * perReplica);

            // Every delivery reaches its final state: delivered at the first attempt, by whichever worker claimed it.
            String webhookId = new JsonObject(hook.body()).getJsonObject("webhook").getString("id");
            HttpRequest history = HttpRequest.newBuilder(URI.create(planner.baseUrl() + "/v1/projects/" + projectId
                    + "/webhooks/" + webhookId + "/deliveries?limit=100"))
                    .header("Authorization", "Bearer " + common.get("PEERCODE_INTERNAL_TOKEN")).GET().build();
            await().atMost(Duration.ofSeconds(60)).until(() -> Agent.objects(new io.vertx.core.json.JsonArray(
                    Rest.send(history).body())).stream()
                    .filter(d -> d.getString("status").equals("delivered")).count() == expected.size());
            assertThat(Agent.objects(new io.vertx.core.json.JsonArray(Rest.send(history).body())))
                    .hasSize(expected.size()).allSatisfy(d -> assertThat(d.getInteger("attempts")).isEqualTo(1));
            // Once delivered nothing is sent again: the receiver got every key exactly once.
            assertThat(received.stream().sorted().toList()).isEqualTo(expected);
        } finally {
            receiver.stop(0);
            plannerB.stop(Duration.ofSeconds(20));
        }
    }

    private static ServiceProcess start(String module, String name, Map<String, String> env) {
        return start(module, name, env, FreePorts.pick());
    }

    private static ServiceProcess start(String module, String name, Map<String, String> env, int port) {
        ServiceProcess process = ServiceProcess.start(name,
                home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"), port, logs, env);
        processes.add(process);
        return process;
    }

    /** A gateway replica talking to the planner and the given lock-service replica; not yet ready. */
    private static ServiceProcess startGateway(String name, ServiceProcess lock) {
        int port = FreePorts.pick();
        Map<String, String> env = new HashMap<>(common);
        env.put("QUARKUS_REST_CLIENT_PLANNER_URL", planner.baseUrl());
        env.put("QUARKUS_REST_CLIENT_LOCK_URL", lock.baseUrl());
        // Local mode, as the launcher runs it: the replicas bind loopback, and scaling is what is under test here.
        env.put("PEERCODE_AUTH_ENABLED", "false");
        // As the launcher: every caller is 127.0.0.1 here, a per-address limit would throttle all tests together.
        env.put("PEERCODE_GATEWAY_RATE_LIMIT_ENABLED", "false");
        // Where the other replicas reach this one (the pod IP on Kubernetes): MCP session routing.
        env.put("PEERCODE_GATEWAY_ADVERTISED_URL", "http://127.0.0.1:" + port);
        env.put("PEERCODE_GATEWAY_SECRET", gatewaySecret);
        return start("gateway-mcp", name, env, port);
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

    /** A real MCP client (McpAssured) whose session lives on the given replica; closed with the stack. */
    private static McpStreamableTestClient mcpClient(String gateway, String name) {
        McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(URI.create(gateway))
                .setName("scale-out-" + name).setOpenSubsidiarySse(false).build().connect();
        assertThat(client.mcpSessionId()).isNotBlank();
        return client;
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Streamable HTTP requests of an existing session sent to any replica, as a client behind a load balancer
     * sends them: the session's {@code Mcp-Session-Id}, JSON-RPC in, JSON or an event stream out.
     */
    static final class SessionHop {

        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private static final AtomicInteger IDS = new AtomicInteger(1_000_000);

        static JsonObject message(String method, JsonObject params) {
            return new JsonObject().put("jsonrpc", "2.0").put("id", IDS.incrementAndGet()).put("method", method)
                    .put("params", params);
        }

        static JsonObject toolCall(String tool, Map<String, Object> args) {
            return message("tools/call", new JsonObject().put("name", tool).put("arguments", new JsonObject(args)));
        }

        static HttpResponse<String> post(String gateway, String session, JsonObject message) {
            return Rest.send(HttpRequest.newBuilder(URI.create(gateway + "/mcp"))
                    .header("Mcp-Session-Id", session)
                    .header("Accept", "application/json, text/event-stream")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(message.encode())).build());
        }

        static int delete(String gateway, String session) {
            return Rest.send(HttpRequest.newBuilder(URI.create(gateway + "/mcp")).header("Mcp-Session-Id", session)
                    .DELETE().build()).statusCode();
        }

        /** The JSON-RPC response to {@code message}; fails if the replica did not answer 200. */
        static JsonObject request(String gateway, String session, String method, JsonObject params) {
            JsonObject message = message(method, params);
            HttpResponse<String> response = post(gateway, session, message);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return answerTo(message, response);
        }

        /** The tool's structured result; fails the test if the call was an error. */
        static JsonObject toolOk(String gateway, String session, String tool, Map<String, Object> args) {
            JsonObject answer = request(gateway, session, "tools/call",
                    toolCall(tool, args).getJsonObject("params"));
            JsonObject result = answer.getJsonObject("result");
            assertThat(result).as(answer.encode()).isNotNull();
            assertThat(result.getBoolean("isError", false)).as(result.encode()).isFalse();
            ToolContract.verify(gateway, () -> request(gateway, session, "tools/list", new JsonObject())
                    .getJsonObject("result").getJsonArray("tools"), tool, result);
            return result.getJsonObject("structuredContent");
        }

        /** The response carrying the request's id, from a JSON body or an event stream; empty if there is none. */
        static JsonObject answerTo(JsonObject request, HttpResponse<String> response) {
            Object id = request.getValue("id");
            String type = response.headers().firstValue("Content-Type").orElse("");
            List<JsonObject> messages = type.startsWith("text/event-stream")
                    ? response.body().lines().filter(l -> l.startsWith("data:"))
                            .map(l -> new JsonObject(l.substring(5).trim())).toList()
                    : type.startsWith("application/json") ? List.of(new JsonObject(response.body())) : List.of();
            return messages.stream().filter(m -> id.equals(m.getValue("id"))).findFirst().orElse(new JsonObject());
        }
    }

    /** A session's server-sent event stream ({@code GET /mcp}) opened on a given replica; collects its messages. */
    static final class SseListener implements AutoCloseable {

        private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        private final Stream<String> lines;

        private SseListener(Stream<String> lines) {
            this.lines = lines;
            Thread reader = new Thread(() -> {
                try {
                    lines.filter(l -> l.startsWith("data:")).forEach(l -> messages.add(new JsonObject(l.substring(5)
                            .trim())));
                } catch (UncheckedIOException closed) {
                    // the test closed the stream
                }
            }, "sse-listener");
            reader.setDaemon(true);
            reader.start();
        }

        /** Opens the stream; returns once the replica answered with its headers. */
        static SseListener open(String gateway, String session) {
            HttpResponse<Stream<String>> response;
            try {
                response = SessionHop.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/mcp"))
                        .header("Mcp-Session-Id", session).header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            assertThat(response.statusCode()).isEqualTo(200);
            return new SseListener(response.body());
        }

        List<JsonObject> messages() {
            return messages;
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
