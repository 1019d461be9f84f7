package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.peercode.e2e.SecuredStack.AgentToken;
import dev.peercode.testissuer.TestIssuer;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Issue 16 #3 on the real services with authentication on: a session name belongs to the member who acts as
 * it. Mallory, another member of the project, names alice's session over MCP and over REST to release, renew
 * or take her locks, abort or complete her push turn, post deltas and read her unseen deltas as her: every
 * call is refused (isError naming sessionId / problem+json 409 naming session) and nothing changes. Alice's
 * agent and alice herself in person (the same member) keep working. Of many members racing to use a fresh
 * name through the gateway exactly one gets it. (The binding's lapse after the presence window is shown on
 * the real Redis by lock-service SessionBindingTest.)
 */
class SessionBindingIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ALICE = "alice-" + RUN;
    static final String MALLORY = "mallory-" + RUN;
    static final String SESSION = "alice";

    static TestIssuer issuer;
    static String p;
    static AgentToken alicesAgent;

    @BeforeAll
    static void project() {
        issuer = SecuredStack.issuer();
        p = SecuredStack.createProject(token(ALICE), "session binding");
        SecuredStack.addMember(p, MALLORY, "member");
        alicesAgent = SecuredStack.createAgentToken(token(ALICE), p, "alice's agent");
    }

    @Test
    void anotherMemberCannotActAsAlicesSessionOverMcpOrRestAndAliceStillCan() {
        McpStreamableTestClient alice = connect(alicesAgent.token());
        McpStreamableTestClient mallory = connect(token(MALLORY));
        try {
            assertOk(call(alice, "peercode_lock_file", SESSION, Map.of("paths", List.of("src/alice.ts"))));
            String pushToken = new JsonObject(text(ok(call(alice, "peercode_sync_github", SESSION,
                    Map.of("action", "start"))))).getString("token");
            assertThat(pushToken).isNotBlank();

            // Over MCP: release, renew, lock, abort, complete, push a delta, read her unseen deltas.
            List<ToolResponse> refused = List.of(
                    call(mallory, "peercode_release_lock", SESSION, Map.of()),
                    call(mallory, "peercode_release_lock", SESSION, Map.of("paths", List.of("src/alice.ts"))),
                    call(mallory, "peercode_lock_file", SESSION, Map.of("paths", List.of("src/alice.ts"))),
                    call(mallory, "peercode_lock_file", SESSION, Map.of("paths", List.of("src/mine.ts"))),
                    call(mallory, "peercode_sync_github", SESSION, Map.of("action", "abort")),
                    call(mallory, "peercode_sync_github", SESSION, Map.of("action", "complete", "token", pushToken)),
                    call(mallory, "peercode_push_delta", SESSION, Map.of("type", "note", "summary", "forged by mallory")),
                    call(mallory, "peercode_get_deltas", SESSION, Map.of()));
            for (ToolResponse r : refused) {
                assertThat(r.isError()).as(text(r)).isTrue();
                assertThat(text(r)).startsWith("sessionId 'alice' is in use by another member of this project")
                        .contains("Use a sessionId of your own");
            }

            // Over REST: the same actions, and the hooks' routes.
            String q = "?session=" + SESSION;
            for (HttpResponse<String> r : List.of(
                    send("POST", "/locks/release" + q, MALLORY, new JsonObject()),
                    send("POST", "/locks" + q, MALLORY, new JsonObject().put("paths", new JsonArray().add("src/alice.ts"))),
                    send("POST", "/sync/abort" + q, MALLORY, new JsonObject()),
                    send("POST", "/sync/complete" + q, MALLORY, new JsonObject().put("token", pushToken)),
                    send("POST", "/deltas" + q, MALLORY, new JsonObject().put("type", "note").put("summary", "forged")),
                    send("GET", "/deltas/digest" + q, MALLORY, null),
                    send("GET", "/locks/check" + q + "&path=src/alice.ts", MALLORY, null))) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                assertThat(r.headers().firstValue("Content-Type")).get().asString()
                        .startsWith("application/problem+json");
                JsonObject problem = new JsonObject(r.body());
                assertThat(problem.getString("type")).isEqualTo("https://peercode.dev/problems/session-taken");
                assertThat(problem.getString("field")).isEqualTo("session");
                assertThat(problem.getString("detail")).contains("session 'alice' is in use by another member");
            }

            // Nothing changed: her lock and her push turn are hers, no delta was posted as her.
            JsonArray locks = new JsonObject(send("GET", "/locks", ALICE, null).body()).getJsonArray("locks");
            assertThat(locks.stream().map(JsonObject.class::cast).map(l -> l.getString("path") + "@" + l.getString("holder")))
                    .containsExactly("src/alice.ts@alice");
            JsonObject sync = new JsonObject(send("GET", "/sync", ALICE, null).body());
            assertThat(sync.getString("state")).isEqualTo("held");
            assertThat(sync.getString("holder")).isEqualTo(SESSION);
            assertThat(send("GET", "/deltas?session=observer&after=0&excludeOwn=false&limit=200", ALICE, null).body())
                    .doesNotContain("forged");

            // Alice in person is the same member as her agent: she may act as its session (a REST renew);
            // her agent releases and gives the token back.
            assertThat(send("POST", "/locks" + q, ALICE, new JsonObject().put("paths",
                    new JsonArray().add("src/alice.ts"))).statusCode()).isEqualTo(200);
            assertThat(text(ok(call(alice, "peercode_release_lock", SESSION, Map.of())))).contains("src/alice.ts");
            assertThat(text(ok(call(alice, "peercode_sync_github", SESSION, Map.of("action", "abort")))))
                    .contains("released");
            // Mallory has sessions of her own.
            assertOk(call(mallory, "peercode_lock_file", "mallory", Map.of("paths", List.of("src/alice.ts"))));
            assertOk(call(mallory, "peercode_release_lock", "mallory", Map.of()));
        } finally {
            alice.disconnect();
            mallory.disconnect();
        }
    }

    @Test
    void ofManyMembersRacingToUseAFreshNameExactlyOneGetsIt() throws Exception {
        int racers = 12;
        List<String> members = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            members.add("racer" + i + "-" + RUN);
            SecuredStack.addMember(p, members.get(i), "member");
        }
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String member : members) {
                String accessToken = token(member);
                answers.add(pool.submit(() -> {
                    start.await();
                    return SecuredStack.send("POST", "/api/v1/projects/" + p + "/deltas?session=fresh", accessToken,
                            new JsonObject().put("type", "note").put("summary", "I am fresh"));
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get().statusCode());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(racers - 1);
            // Exactly one note from the name, and only its winner can go on using it.
            String log = send("GET", "/deltas?session=observer&after=0&excludeOwn=false&limit=200&types=note", ALICE,
                    null).body();
            assertThat(log.split("I am fresh", -1)).hasSize(2);
            String winner = members.get(statuses.indexOf(201));
            assertThat(SecuredStack.send("POST", "/api/v1/projects/" + p + "/deltas?session=fresh", token(winner),
                    new JsonObject().put("type", "note").put("summary", "still me")).statusCode()).isEqualTo(201);
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> send(String method, String route, String subject, JsonObject body) {
        return SecuredStack.send(method, "/api/v1/projects/" + p + route, token(subject), body);
    }

    private static String token(String subject) {
        return issuer.accessToken(subject);
    }

    private static McpStreamableTestClient connect(String token) {
        return McpAssured.newStreamableClient().setBaseUri(URI.create(SecuredStack.gatewayUrl()))
                .setAdditionalHeaders(m -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token))
                .build().connect();
    }

    private static ToolResponse call(McpStreamableTestClient client, String tool, String session,
            Map<String, Object> args) {
        AtomicReference<ToolResponse> response = new AtomicReference<>();
        Map<String, Object> arguments = new HashMap<>(args);
        arguments.put("projectId", p);
        arguments.put("sessionId", session);
        client.when().toolsCall(tool).withArguments(arguments).withAssert(response::set).send().thenAssertResults();
        return response.get();
    }

    private static ToolResponse ok(ToolResponse r) {
        assertOk(r);
        return r;
    }

    private static void assertOk(ToolResponse r) {
        assertThat(r.isError()).as(text(r)).isFalse();
    }

    private static String text(ToolResponse r) {
        return r.content().isEmpty() ? "" : ((TextContent) r.content().get(0)).text();
    }
}
