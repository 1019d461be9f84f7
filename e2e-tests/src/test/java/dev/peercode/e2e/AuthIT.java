package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.peercode.e2e.SecuredStack.AgentToken;
import dev.peercode.testissuer.TestIssuer;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpError;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * DESIGN.md §7 on the real services with authentication on (SecuredStack: a real OIDC issuer, the packaged
 * planner, lock service and gateway): every MCP tool and REST route refused without a valid token; a
 * project is reachable only by its members and its own agent tokens (anything else answers 404, as an
 * unknown id does); owner-only actions (403); the agent-token life cycle, with revocation effective at
 * once on another gateway replica; MCP resources authorised like tools; and 503 with Retry-After while
 * the planner is down.
 */
class AuthIT {

    /** Every tool; all take a projectId, so all are checked for membership. */
    static final List<String> TOOLS = List.of("peercode_get_project", "peercode_create_phase", "peercode_create_task",
            "peercode_update_task", "peercode_move_task", "peercode_lock_file", "peercode_release_lock",
            "peercode_get_deltas", "peercode_push_delta", "peercode_start_debate", "peercode_respond_debate",
            "peercode_replan", "peercode_sync_github");
    /** The session name of every refused caller: it must never show up in the project. */
    static final String INTRUDER = "intruder";

    // Subjects unique to this run: the stack's database may be shared with other test classes.
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ALICE = "alice-" + RUN;
    static final String BOB = "bob-" + RUN;
    static final String CAROL = "carol-" + RUN;
    static final String MALLORY = "mallory-" + RUN;

    static TestIssuer issuer;
    /** Alice owns P, Bob is a member of P; Carol owns Q; Mallory is in no project. */
    static String p;
    static String q;
    static String taskId;
    static String debateId;
    /** An agent token of project P acting for Bob, and one of project Q acting for Carol. */
    static AgentToken bobsAgent;
    static AgentToken carolsAgentOnQ;
    static String gatewayB;

    @BeforeAll
    static void twoProjects() {
        issuer = SecuredStack.issuer();
        p = SecuredStack.createProject(token(ALICE), "auth P");
        SecuredStack.addMember(p, BOB, "member");
        q = SecuredStack.createProject(token(CAROL), "auth Q");
        String phaseId = created(SecuredStack.send("POST", "/api/v1/projects/" + p + "/phases?session=alice",
                token(ALICE), new JsonObject().put("name", "one"))).getString("id");
        taskId = created(SecuredStack.send("POST", "/api/v1/projects/" + p + "/tasks?session=alice", token(ALICE),
                new JsonObject().put("phaseId", phaseId).put("title", "a task"))).getString("id");
        debateId = created(SecuredStack.send("POST", "/api/v1/projects/" + p + "/debates?session=alice", token(ALICE),
                new JsonObject().put("topic", "naming").put("question", "a or b?")
                        .put("options", new JsonArray().add("a").add("b"))
                        .put("participants", new JsonArray().add("alice").add("bob"))))
                .getString("id");
        bobsAgent = agentToken(ALICE, p, BOB, "bob's laptop");
        carolsAgentOnQ = SecuredStack.createAgentToken(token(CAROL), q, "carol's ci");
    }

    // ---- no token, bad tokens: 401 pointing at the protected resource metadata ----------------------

    @Test
    void everyRestRouteAndEveryToolIsRefusedWithoutAToken() {
        for (String[] route : routes(p)) {
            HttpResponse<String> r = send(route, null);
            assertThat(r.statusCode()).as("%s %s", route[0], route[1]).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as("%s %s", route[0], route[1]).get()
                    .asString().startsWith("Bearer").contains("resource_metadata=\"" + SecuredStack.gatewayUrl()
                            + "/.well-known/oauth-protected-resource\"");
        }
        assertThat(connectFailure(null).statusCode()).isEqualTo(401);
        for (String tool : TOOLS) {
            HttpResponse<String> r = SecuredStack.send("POST", "/mcp", null, toolsCall(tool, p));
            assertThat(r.statusCode()).as(tool).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(tool).get().asString()
                    .contains("resource_metadata=");
        }
        assertUntouched();
    }

    @Test
    void expiredWrongAudienceWrongIssuerForgedAndUnknownTokensAreRefusedEverywhere() {
        List<String> bad = List.of(
                issuer.expiredAccessToken(ALICE),
                issuer.accessTokenForAudience(ALICE, "another-service"),
                issuer.accessTokenFromIssuer(ALICE, "https://evil.example.com"),
                token(ALICE).substring(0, token(ALICE).lastIndexOf('.') + 1) + "forged-signature",
                "pct_" + "x".repeat(40));
        for (String token : bad) {
            for (String[] route : routes(p)) {
                assertThat(send(route, token).statusCode()).as("%s %s with %s", route[0], route[1], token)
                        .isEqualTo(401);
            }
            assertThat(connectFailure(token).statusCode()).as(token).isEqualTo(401);
            for (String tool : TOOLS) {
                assertThat(SecuredStack.send("POST", "/mcp", token, toolsCall(tool, p)).statusCode()).as(tool)
                        .isEqualTo(401);
            }
        }
        assertUntouched();
    }

    // ---- one order on every face (call/CallContext): id shapes, membership, arguments, then the session --

    @Test
    void everyFaceChecksShapesThenMembershipThenArgumentsAndOnlyThenTakesTheSession() {
        McpStreamableTestClient mallory = connect(token(MALLORY));
        McpStreamableTestClient alice = connect(token(ALICE));
        McpStreamableTestClient bob = connect(token(BOB));
        Map<String, Object> badTask = Map.of("taskId", "not-a-task", "status", "done");
        JsonObject done = new JsonObject().put("status", "done");
        try {
            // 1. Shapes first: a malformed project id is explained as such to anyone, member or not.
            assertThat(protocolError(mallory, "peercode_update_task", "not-a-project", INTRUDER, badTask).message())
                    .contains("projectId");
            HttpResponse<String> shape = SecuredStack.send("PATCH",
                    "/api/v1/projects/not-a-project/tasks/not-a-task?session=" + INTRUDER, token(MALLORY), done);
            assertThat(shape.statusCode()).as(shape.body()).isEqualTo(400);
            assertThat(shape.body()).contains("projectId").doesNotContain("taskId");
            // 2. Membership before arguments: a non-member's malformed argument is answered like an unknown
            // project, never with the argument's rule.
            ToolResponse hidden = call(mallory, "peercode_update_task", p, INTRUDER, badTask);
            assertThat(hidden.isError()).isTrue();
            assertThat(text(hidden)).contains("does not exist").doesNotContain("taskId");
            HttpResponse<String> hiddenRest = SecuredStack.send("PATCH",
                    "/api/v1/projects/" + p + "/tasks/not-a-task?session=" + INTRUDER, token(MALLORY), done);
            assertThat(hiddenRest.statusCode()).as(hiddenRest.body()).isEqualTo(404);
            // 3. Arguments before the session: a member's malformed call, on either face, does not take the fresh
            // session name it gave (entering the call would bind it to alice, and bob would be refused below).
            String viaMcp = "order-mcp-" + RUN;
            String viaRest = "order-rest-" + RUN;
            assertThat(protocolError(alice, "peercode_update_task", p, viaMcp, badTask).message()).contains("taskId");
            HttpResponse<String> badArgument = SecuredStack.send("PATCH",
                    "/api/v1/projects/" + p + "/tasks/not-a-task?session=" + viaRest, token(ALICE), done);
            assertThat(badArgument.statusCode()).as(badArgument.body()).isEqualTo(400);
            assertThat(badArgument.body()).contains("taskId");
            for (String name : List.of(viaMcp, viaRest)) {
                ToolResponse bobs = call(bob, "peercode_get_project", p, name, Map.of());
                assertThat(bobs.isError()).as("%s: %s", name, text(bobs)).isFalse();
            }
            // 4. A well-formed call enters: the name is bob's now, and alice is refused it.
            ToolResponse taken = call(alice, "peercode_get_project", p, viaMcp, Map.of());
            assertThat(taken.isError()).isTrue();
            assertThat(text(taken)).contains("in use by another member");
        } finally {
            mallory.disconnect();
            alice.disconnect();
            bob.disconnect();
        }
        assertUntouched();
    }

    /** The JSON-RPC error of a tool call the server refused as malformed (invalid params). */
    private static McpError protocolError(McpStreamableTestClient client, String tool, String projectId,
            String session, Map<String, Object> args) {
        AtomicReference<McpError> error = new AtomicReference<>();
        JsonObject arguments = new JsonObject(new HashMap<>(args)).put("projectId", projectId).put("sessionId", session);
        client.when().message(client.newRequest("tools/call")
                .put("params", new JsonObject().put("name", tool).put("arguments", arguments)))
                .withErrorAssert(error::set).send().thenAssertResults();
        assertThat(error.get()).as("%s should be refused as malformed", tool).isNotNull();
        assertThat(error.get().code()).isEqualTo(-32602);
        return error.get();
    }

    // ---- membership: another project answers 404, exactly like an unknown id -------------------------

    @Test
    void aPersonWhoIsNotAMemberGets404OnEveryRouteAndToolOfTheProject() {
        String mallory = token(MALLORY);
        for (String[] route : routes(p)) {
            if (route[1].contains(p)) {
                HttpResponse<String> r = send(route, mallory);
                assertThat(r.statusCode()).as("%s %s: %s", route[0], route[1], r.body()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("auth P");
            }
        }
        assertEveryToolAnswersNotFound(mallory, p);
        // The same answer as a project that does not exist at all.
        String unknown = "proj_" + "Z".repeat(16);
        HttpResponse<String> none = SecuredStack.send("GET", "/api/v1/projects/" + unknown, mallory, null);
        HttpResponse<String> other = SecuredStack.send("GET", "/api/v1/projects/" + p, mallory, null);
        assertThat(other.statusCode()).isEqualTo(none.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(other.body()).getString("detail"))
                .isEqualTo(new JsonObject(none.body()).getString("detail").replace(unknown, p));
        // Mallory's project list is empty; Alice's holds P, not Q.
        assertThat(new JsonArray(SecuredStack.send("GET", "/api/v1/projects", mallory, null).body())).isEmpty();
        assertThat(ids(SecuredStack.send("GET", "/api/v1/projects", token(ALICE), null))).contains(p)
                .doesNotContain(q);
        assertUntouched();
    }

    @Test
    void anAgentTokenReachesOnlyItsOwnProject() {
        // Carol's agent token belongs to Q: P answers 404 everywhere, Q answers.
        for (String[] route : routes(p)) {
            if (route[1].contains(p)) {
                assertThat(send(route, carolsAgentOnQ.token()).statusCode()).as("%s %s", route[0], route[1])
                        .isEqualTo(404);
            }
        }
        assertEveryToolAnswersNotFound(carolsAgentOnQ.token(), p);
        assertThat(SecuredStack.send("GET", "/api/v1/projects/" + q, carolsAgentOnQ.token(), null).statusCode())
                .isEqualTo(200);
        assertThat(ids(SecuredStack.send("GET", "/api/v1/projects", carolsAgentOnQ.token(), null)))
                .containsExactly(q);
        // Bob's agent token works in P as Bob, through MCP too.
        McpStreamableTestClient client = connect(bobsAgent.token());
        try {
            ToolResponse project = call(client, "peercode_get_project", p, "bob", Map.of());
            assertThat(project.isError()).as(text(project)).isFalse();
            assertThat(text(project)).contains(p);
        } finally {
            client.disconnect();
        }
        assertUntouched();
    }

    // ---- owners only ------------------------------------------------------------------------------

    @Test
    void ownerOnlyActionsAreRefusedToMembersAndPersonOnlyActionsToEveryAgentToken() {
        AgentToken alicesAgent = agentToken(ALICE, p, ALICE, "alice's own agent");
        // Force-release: owners only (an owner's agent acts as the owner).
        for (String member : List.of(token(BOB), bobsAgent.token())) {
            assertForbidden(SecuredStack.send("POST", "/api/v1/projects/" + p + "/locks/force-release?session=bob",
                    member, new JsonObject().put("reason", "stuck").put("holder", "carol")));
            McpStreamableTestClient client = connect(member);
            try {
                // A member locks and releases their own files: for a person the lock tools look up the
                // membership first (off the event loop), for an agent token they need no lookup.
                ToolResponse locked = call(client, "peercode_lock_file", p, "bob", Map.of("paths", List.of("bob/own.txt")));
                assertThat(locked.isError()).as(text(locked)).isFalse();
                ToolResponse released = call(client, "peercode_release_lock", p, "bob",
                        Map.of("paths", List.of("bob/own.txt")));
                assertThat(released.isError()).as(text(released)).isFalse();
                assertThat(text(released)).contains("\"released\":[\"bob/own.txt\"]");
                ToolResponse forced = call(client, "peercode_release_lock", p, "bob",
                        Map.of("force", true, "holder", "carol", "reason", "stuck", "paths", List.of("a.txt")));
                assertThat(forced.isError()).isTrue();
                assertThat(text(forced)).contains("Only a project owner");
            } finally {
                client.disconnect();
            }
        }
        // A person's decision on a debate and token management: owners signed in as people, never agent tokens.
        for (String caller : List.of(token(BOB), bobsAgent.token(), alicesAgent.token())) {
            assertForbidden(SecuredStack.send("POST",
                    "/api/v1/projects/" + p + "/debates/" + debateId + "/decision?session=bob", caller,
                    new JsonObject().put("choice", "a").put("reason", "mine")));
            assertForbidden(SecuredStack.send("GET", "/api/v1/projects/" + p + "/tokens", caller, null));
            assertForbidden(SecuredStack.send("POST", "/api/v1/projects/" + p + "/tokens", caller,
                    new JsonObject().put("name", "more")));
            assertForbidden(SecuredStack.send("DELETE", "/api/v1/projects/" + p + "/tokens/" + bobsAgent.tokenId(),
                    caller, null));
            // The whole history goes out only to an owner signed in as a person.
            assertForbidden(SecuredStack.send("GET", "/api/v1/projects/" + p + "/export", caller, null));
        }
        assertThat(SecuredStack.send("GET", "/api/v1/projects/" + p + "/export", token(ALICE), null).statusCode())
                .isEqualTo(200);
        // Agent tokens never create projects, not even an owner's, nor import one.
        for (String agent : List.of(bobsAgent.token(), alicesAgent.token())) {
            assertForbidden(SecuredStack.send("POST", "/api/v1/projects", agent, new JsonObject().put("name", "x")));
            assertForbidden(Rest.send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(SecuredStack.gatewayUrl() + "/api/v1/projects/import"))
                    .header("Authorization", "Bearer " + agent).header("Content-Type", "application/x-ndjson")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}\n")).build()));
        }
        // Nothing of it happened: the debate is still open, no token was added or revoked.
        JsonArray debates = new JsonArray(SecuredStack.send("GET", "/api/v1/projects/" + p + "/debates", token(ALICE),
                null).body());
        assertThat(debates.stream().map(JsonObject.class::cast).filter(d -> debateId.equals(d.getString("id"))))
                .singleElement().satisfies(d -> assertThat(d.getString("status")).isEqualTo("open"));
        assertThat(listedTokenNames()).doesNotContain("more");
        assertThat(listed(bobsAgent.tokenId()).getValue("revokedAt")).isNull();
    }

    // ---- agent tokens: shown once, listed without secrets, last use, revoked at once everywhere -------

    @Test
    void anAgentTokenIsShownOnceListedWithoutSecretUsedAndRevokedAtOnceOnAnotherReplica() {
        AgentToken ci = agentToken(ALICE, p, BOB, "ci " + RUN);
        assertThat(ci.token()).startsWith("pct_");
        assertThat(ci.created().getJsonObject("mcpJson").getJsonObject("mcpServers").getJsonObject("peercode")
                .getJsonObject("headers").getString("Authorization")).isEqualTo("Bearer " + ci.token());

        JsonObject listed = listed(ci.tokenId());
        assertThat(listed.encode()).doesNotContain(ci.token()).doesNotContain("pct_");
        assertThat(listed.getValue("lastUsedAt")).isNull();

        String gatewayB = replicaB();
        HttpResponse<String> onB = SecuredStack.send("GET", gatewayB, "/api/v1/projects/" + p, ci.token(), null);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(listed(ci.tokenId()).getString("lastUsedAt")).isNotNull();

        // Gateway B keeps the verified token now. Revoked through gateway A: A refuses its very next call, B as
        // soon as the planner's announcement arrives (revocationReachesEveryReplicaWithin100Ms measures it), REST
        // and MCP.
        HttpResponse<String> revoked = SecuredStack.send("DELETE",
                "/api/v1/projects/" + p + "/tokens/" + ci.tokenId(), token(ALICE), null);
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(SecuredStack.send("GET", "/api/v1/projects/" + p, ci.token(), null).statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(
                () -> SecuredStack.send("GET", gatewayB, "/api/v1/projects/" + p, ci.token(), null).statusCode() == 401);
        assertThat(SecuredStack.send("POST", gatewayB, "/mcp", ci.token(), toolsCall("peercode_get_project", p))
                .statusCode()).isEqualTo(401);
        assertThat(SecuredStack.send("GET", "/api/v1/projects/" + p, ci.token(), null).statusCode()).isEqualTo(401);
        assertThat(listed(ci.tokenId()).getValue("revokedAt")).isNotNull();
        // The other tokens of the project still work.
        assertThat(SecuredStack.send("GET", gatewayB, "/api/v1/projects/" + p, bobsAgent.token(), null).statusCode())
                .isEqualTo(200);
    }

    /**
     * Issue 19: verified tokens and memberships are kept per replica, and a revocation or removal through one
     * replica is refused by another within 100 ms (the planner announces it on Redis). Median of five tokens and
     * five removed members, each first used on replica B so that B keeps it; none may take a second.
     */
    @Test
    void revocationReachesEveryReplicaWithin100Ms() {
        String gatewayB = replicaB();
        String project = "/api/v1/projects/" + p;
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AgentToken kept = agentToken(ALICE, p, BOB, "kept " + i + " " + RUN);
            String leaver = "gone-" + i + "-" + RUN;
            SecuredStack.addMember(p, leaver, "member");
            for (String caller : List.of(kept.token(), token(leaver))) {
                for (int use = 0; use < 2; use++) {
                    assertThat(SecuredStack.send("GET", gatewayB, project, caller, null).statusCode()).isEqualTo(200);
                }
            }
            millis.add(untilRefusedOn(gatewayB, project, kept.token(),
                    () -> SecuredStack.send("DELETE", project + "/tokens/" + kept.tokenId(), token(ALICE), null), 401));
            millis.add(untilRefusedOn(gatewayB, project, token(leaver),
                    () -> SecuredStack.send("DELETE", project + "/members/" + leaver, token(ALICE), null), 404));
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.println("Revocation and removal refused on the other replica after (ms): " + sorted);
        assertThat(sorted.get(sorted.size() / 2)).as("median ms until refused on the other replica, of %s", sorted)
                .isLessThanOrEqualTo(100);
        assertThat(sorted.get(sorted.size() - 1)).as("slowest, of %s", sorted).isLessThan(1000);
    }

    /** Milliseconds from the change's answer on gateway A until {@code caller} gets {@code refusal} on {@code gateway}. */
    private static long untilRefusedOn(String gateway, String path, String caller,
            java.util.function.Supplier<HttpResponse<String>> change, int refusal) {
        HttpResponse<String> changed = change.get();
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(2))
                .until(() -> SecuredStack.send("GET", gateway, path, caller, null).statusCode() == refusal);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aMemberRemovedFromTheProjectStopsHearingItsResourceOnAnAlreadyOpenSubscription() {
        String uri = "peercode://projects/" + p;
        String leaver = "leaver-" + RUN;
        SecuredStack.addMember(p, leaver, "member");
        McpStreamableTestClient bob = connect(token(BOB));
        McpStreamableTestClient removed = connect(token(leaver));
        try {
            // The test before may have stopped the planner: wait until both callers are served again.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !call(bob, "peercode_get_project", p, "bob", Map.of()).isError());
            ToolResponse seen = call(removed, "peercode_get_project", p, "leaver", Map.of());
            assertThat(seen.isError()).as(text(seen)).isFalse();
            for (McpStreamableTestClient client : List.of(bob, removed)) {
                assertThat(request(client, "resources/subscribe", uri).containsKey("error")).isFalse();
            }
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                note("before the removal");
                return updates(removed, uri) > 0;
            });

            assertThat(SecuredStack.send("DELETE", "/api/v1/projects/" + p + "/members/" + leaver, token(ALICE), null)
                    .statusCode()).isEqualTo(204);
            // Within a few re-check intervals the subscribed session is ended, as a DELETE would end it.
            String session = removed.mcpSessionId();
            await().atMost(SecuredStack.MEMBERSHIP_RECHECK.multipliedBy(5)).until(() -> mcp(SecuredStack.gatewayUrl(),
                    session, token(leaver), toolsCall("peercode_get_project", p, "leaver")).statusCode() == 404);
            long heard = updates(removed, uri);
            long bobHeard = updates(bob, uri);
            note("after the removal");
            await().atMost(Duration.ofSeconds(15)).until(() -> updates(bob, uri) > bobHeard);
            assertThat(updates(removed, uri)).as("updates after the removal").isEqualTo(heard);
        } finally {
            bob.disconnect();
        }
    }

    private static void note(String summary) {
        HttpResponse<String> pushed = SecuredStack.send("POST", "/api/v1/projects/" + p + "/deltas?session=alice",
                token(ALICE), new JsonObject().put("type", "note").put("summary", summary));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    }

    // ---- MCP sessions across replicas: the hop authenticates nobody, the owner does ---------------------

    @Test
    void anMcpSessionHeldByOneReplicaIsServedThroughAnotherOnlyAsTheCallerItCarries() {
        McpStreamableTestClient bob = connect(token(BOB));
        try {
            String session = bob.mcpSessionId();
            String gatewayB = replicaB();

            // Bob's session lives on gateway A; through B, with his own token, it works as on A.
            HttpResponse<String> viaB = mcp(gatewayB, session, token(BOB), toolsCall("peercode_get_project", p, "bob"));
            assertThat(viaB.statusCode()).as(viaB.body()).isEqualTo(200);
            assertThat(viaB.body()).contains(taskId).doesNotContain("\"isError\":true");

            // Forwarding carries no identity of its own: without a token, or with a bad one, the owner refuses.
            assertThat(mcp(gatewayB, session, null, toolsCall("peercode_get_project", p, "bob")).statusCode())
                    .isEqualTo(401);
            assertThat(mcp(gatewayB, session, issuer.expiredAccessToken(BOB), toolsCall("peercode_get_project", p,
                    "bob")).statusCode()).isEqualTo(401);

            // Knowing Bob's session id gives Mallory nothing: the session is usable only by the identity that
            // created it, so through B it answers as an unknown session (404), and shows nothing of P.
            HttpResponse<String> stolen = mcp(gatewayB, session, token(MALLORY),
                    toolsCall("peercode_get_project", p, INTRUDER));
            assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(404);
            assertThat(stolen.body()).doesNotContain(taskId);
        } finally {
            bob.disconnect();
        }
        assertUntouched();
    }

    // ---- MCP resources: read and subscribe authorised like tools ----------------------------------------

    @Test
    void aNonMemberCanNeitherReadNorSubscribeToAProjectResourceNorHearItsUpdates() {
        String uri = "peercode://projects/" + p;
        McpStreamableTestClient bob = connect(token(BOB));
        McpStreamableTestClient mallory = connect(token(MALLORY));
        McpStreamableTestClient carolsAgent = connect(carolsAgentOnQ.token());
        try {
            // Bob touches P on this replica, so its resource is registered and subscribable here.
            assertThat(call(bob, "peercode_get_project", p, "bob", Map.of()).isError()).isFalse();
            assertThat(request(bob, "resources/subscribe", uri).containsKey("error")).isFalse();

            for (McpStreamableTestClient outsider : List.of(mallory, carolsAgent)) {
                // P's resource is registered on this replica now, yet no listing names it.
                AtomicReference<JsonObject> listed = new AtomicReference<>();
                outsider.when().message(outsider.newRequest("resources/list").put("params", new JsonObject()))
                        .withAssert(listed::set).send().thenAssertResults();
                assertThat(listed.get().getJsonObject("result").encode()).doesNotContain(p);
                McpError read = error(outsider, "resources/read", uri);
                assertThat(read.code()).isEqualTo(-32002);
                assertThat(read.message()).isEqualTo("Resource not found: " + uri);
                McpError subscribe = error(outsider, "resources/subscribe", uri);
                assertThat(subscribe.code()).isEqualTo(-32002);
                assertThat(subscribe.message()).isEqualTo("Resource not found: " + uri);
            }
            // Bob reads it.
            JsonObject read = request(bob, "resources/read", uri);
            assertThat(read.getJsonObject("result").getJsonArray("contents").getJsonObject(0).getString("text"))
                    .contains(taskId);

            // A change in P: Bob is told, the outsiders hear nothing.
            HttpResponse<String> pushed = SecuredStack.send("POST", "/api/v1/projects/" + p + "/deltas?session=alice",
                    token(ALICE), new JsonObject().put("type", "note").put("summary", "resources are private"));
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(15)).until(() -> updates(bob, uri) > 0);
            assertThat(updates(mallory, uri)).isZero();
            assertThat(updates(carolsAgent, uri)).isZero();
        } finally {
            bob.disconnect();
            mallory.disconnect();
            carolsAgent.disconnect();
        }
    }

    // ---- the planner is down: 503 with Retry-After, not 500 ----------------------------------------------

    @Test
    void whileThePlannerIsDownCallersGet503WithRetryAfterAndAClearMcpError() {
        McpStreamableTestClient bob = connect(token(BOB));
        // Alice's membership is kept by the gateway from here on (identity/AccessCache).
        assertThat(SecuredStack.send("GET", "/api/v1/projects/" + p + "/locks", token(ALICE), null).statusCode())
                .isEqualTo(200);
        SecuredStack.stack().stopService("planner-service");
        try {
            // Alice signs in under a new name, which the planner cannot save now: her lock-service call still works
            // (the name is saved by a later call).
            HttpResponse<String> renamed = SecuredStack.send("GET", "/api/v1/projects/" + p + "/locks",
                    issuer.accessToken(ALICE, "Alice Renamed"), null);
            assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
            // An agent token cannot be verified.
            HttpResponse<String> agent = SecuredStack.send("GET", "/api/v1/projects/" + p, bobsAgent.token(), null);
            assertUnavailable(agent);
            assertUnavailable(SecuredStack.send("POST", "/mcp", bobsAgent.token(), toolsCall("peercode_get_project", p)));
            // A person's membership cannot be looked up.
            assertUnavailable(SecuredStack.send("GET", "/api/v1/projects/" + p, token(BOB), null));
            ToolResponse tool = call(bob, "peercode_get_project", p, "bob", Map.of());
            assertThat(tool.isError()).isTrue();
            assertThat(text(tool)).contains("The planner", "is unavailable right now", "Retry");
        } finally {
            bob.disconnect();
            SecuredStack.stack().startService("planner-service");
        }
        // Back as soon as the planner is (the gateway's circuit breakers half-open within seconds; there is one per
        // planner call, so every kind of caller is asked: a kept agent token, a person whose membership is looked up,
        // and a person who is no member).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> SecuredStack.send("GET", "/api/v1/projects/" + p, bobsAgent.token(), null).statusCode() == 200
                        && SecuredStack.send("GET", "/api/v1/projects/" + p, token(ALICE), null).statusCode() == 200
                        && SecuredStack.send("GET", "/api/v1/projects/" + p, token(MALLORY), null).statusCode() == 404);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Every REST route of the public API, with ids of project {@code projectId} filled in. */
    static List<String[]> routes(String projectId) {
        String base = "/api/v1/projects/" + projectId;
        List<String[]> routes = new ArrayList<>(List.of(
                r("GET", "/api/v1/projects"), r("POST", "/api/v1/projects"), r("GET", base),
                r("GET", base + "/phases"), r("POST", base + "/phases"),
                r("GET", base + "/tasks"), r("POST", base + "/tasks"),
                r("GET", base + "/tasks/" + taskId), r("PATCH", base + "/tasks/" + taskId),
                r("POST", base + "/tasks/" + taskId + "/claim"), r("POST", base + "/tasks/" + taskId + "/move"),
                r("GET", base + "/locks"), r("GET", base + "/locks/check"),
                r("POST", base + "/locks"), r("POST", base + "/locks/release"), r("POST", base + "/locks/force-release"),
                r("GET", base + "/deltas"), r("GET", base + "/deltas/digest"), r("POST", base + "/deltas"),
                r("GET", base + "/events"), r("GET", base + "/sessions/alice/digest"),
                r("GET", base + "/debates"), r("POST", base + "/debates"),
                r("POST", base + "/debates/" + debateId + "/responses"),
                r("POST", base + "/debates/" + debateId + "/decision"),
                r("POST", base + "/replan"),
                r("GET", base + "/sync"), r("POST", base + "/sync/start"), r("POST", base + "/sync/complete"),
                r("POST", base + "/sync/abort"),
                r("GET", base + "/tokens"), r("POST", base + "/tokens"),
                r("GET", base + "/export"), r("POST", "/api/v1/projects/import"),
                r("DELETE", base + "/tokens/" + bobsAgent.tokenId())));
        return routes;
    }

    private static String[] r(String method, String path) {
        return new String[] { method, path + "?session=" + INTRUDER };
    }

    private static HttpResponse<String> send(String[] route, String token) {
        boolean body = !route[0].equals("GET") && !route[0].equals("DELETE");
        return SecuredStack.send(route[0], route[1], token, body ? new JsonObject() : null);
    }

    /** Project P as its owner sees it: nothing a refused caller tried (phase, task, delta, claim, session) is there. */
    private static void assertUntouched() {
        JsonObject state = new JsonObject(SecuredStack.send("GET", "/api/v1/projects/" + p, token(ALICE), null).body());
        JsonArray tasks = new JsonArray(SecuredStack.send("GET", "/api/v1/projects/" + p + "/tasks", token(ALICE), null)
                .body());
        JsonArray phases = new JsonArray(SecuredStack.send("GET", "/api/v1/projects/" + p + "/phases", token(ALICE),
                null).body());
        assertThat(tasks).hasSize(1);
        assertThat(tasks.getJsonObject(0).getString("title")).isEqualTo("a task");
        assertThat(tasks.getJsonObject(0).getValue("assignee")).isNull();
        assertThat(phases).hasSize(1);
        assertThat(state.encode()).doesNotContain(INTRUDER);
        HttpResponse<String> deltas = SecuredStack.send("GET", "/api/v1/projects/" + p
                + "/deltas?session=observer&after=0&excludeOwn=false&includeData=true&limit=200", token(ALICE), null);
        assertThat(deltas.statusCode()).as(deltas.body()).isEqualTo(200);
        assertThat(deltas.body()).doesNotContain(INTRUDER);
    }

    private void assertEveryToolAnswersNotFound(String token, String projectId) {
        McpStreamableTestClient client = connect(token);
        try {
            for (String tool : TOOLS) {
                ToolResponse r = call(client, tool, projectId, INTRUDER, validArguments(tool));
                assertThat(r.isError()).as(tool).isTrue();
                assertThat(text(r)).as(tool).contains("does not exist").doesNotContain("auth P");
            }
        } finally {
            client.disconnect();
        }
    }

    private static void assertForbidden(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
    }

    private static void assertUnavailable(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("https://peercode.dev/problems/unavailable");
    }

    private static String token(String subject) {
        return issuer.accessToken(subject);
    }

    private static AgentToken agentToken(String owner, String projectId, String member, String name) {
        HttpResponse<String> r = SecuredStack.send("POST", "/api/v1/projects/" + projectId + "/tokens", token(owner),
                new JsonObject().put("name", name).put("memberSubject", member));
        JsonObject created = created(r);
        return new AgentToken(created.getString("tokenId"), created.getString("token"), created);
    }

    private static List<String> listedTokenNames() {
        return new JsonArray(SecuredStack.send("GET", "/api/v1/projects/" + p + "/tokens", token(ALICE), null).body())
                .stream().map(t -> ((JsonObject) t).getString("name")).toList();
    }

    private static JsonObject listed(String tokenId) {
        HttpResponse<String> r = SecuredStack.send("GET", "/api/v1/projects/" + p + "/tokens", token(ALICE), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast)
                .filter(t -> tokenId.equals(t.getString("tokenId"))).findFirst().orElseThrow();
    }

    private static JsonObject created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return new JsonObject(r.body());
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static JsonObject toolsCall(String tool, String projectId) {
        return toolsCall(tool, projectId, INTRUDER);
    }

    private static JsonObject toolsCall(String tool, String projectId, String session) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call").put("params",
                new JsonObject().put("name", tool).put("arguments", new JsonObject(new HashMap<>(validArguments(tool)))
                        .put("projectId", projectId).put("sessionId", session)));
    }

    /** A second gateway replica on the same services, started once for the tests that need one. */
    private static synchronized String replicaB() {
        if (gatewayB == null) {
            gatewayB = SecuredStack.startGatewayReplica();
        }
        return gatewayB;
    }

    /** One JSON-RPC message on an existing MCP session, as a Streamable HTTP client sends it. */
    private static HttpResponse<String> mcp(String gateway, String mcpSession, String token, JsonObject message) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", mcpSession)
                .POST(HttpRequest.BodyPublishers.ofString(message.encode()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Rest.send(request.build());
    }

    /** Arguments that pass each tool's own checks, so that the call reaches the membership check. */
    private static Map<String, Object> validArguments(String tool) {
        return switch (tool) {
            case "peercode_create_phase" -> Map.of("name", "intruder phase");
            case "peercode_create_task" -> Map.of("phaseId", "phase_AAAAAAAAAAAA", "title", "intruder task");
            case "peercode_update_task" -> Map.of("taskId", taskId, "status", "done");
            case "peercode_move_task" -> Map.of("taskId", taskId, "phaseId", "phase_AAAAAAAAAAAA");
            case "peercode_lock_file" -> Map.of("paths", List.of("src/a.txt"));
            case "peercode_release_lock" -> Map.of("paths", List.of("src/a.txt"));
            case "peercode_push_delta" -> Map.of("type", "note", "summary", "intruder was here");
            case "peercode_start_debate" -> Map.of("topic", "t", "question", "q?", "options", List.of("a", "b"),
                    "participants", List.of("alice"));
            case "peercode_respond_debate" -> Map.of("debateId", debateId, "choice", "b");
            case "peercode_sync_github" -> Map.of("action", "start");
            default -> Map.of();
        };
    }

    private static McpStreamableTestClient connect(String token) {
        return McpAssured.newStreamableClient().setBaseUri(URI.create(SecuredStack.gatewayUrl()))
                .setOpenSubsidiarySse(true)
                .setAdditionalHeaders(m -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token))
                .build().connect();
    }

    private static McpAssured.ConnectFailureResponse connectFailure(String token) {
        AtomicReference<McpAssured.ConnectFailureResponse> failure = new AtomicReference<>();
        McpStreamableTestClient.Builder builder = McpAssured.newStreamableClient()
                .setBaseUri(URI.create(SecuredStack.gatewayUrl())).setExpectConnectFailure(failure::set);
        if (token != null) {
            builder.setAdditionalHeaders(m -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token));
        }
        builder.build().connect();
        assertThat(failure.get()).as("connect should fail").isNotNull();
        return failure.get();
    }

    private static ToolResponse call(McpStreamableTestClient client, String tool, String projectId, String session,
            Map<String, Object> args) {
        AtomicReference<ToolResponse> response = new AtomicReference<>();
        Map<String, Object> arguments = new HashMap<>(args);
        arguments.put("projectId", projectId);
        arguments.put("sessionId", session);
        client.when().toolsCall(tool).withArguments(arguments).withAssert(response::set).send().thenAssertResults();
        return response.get();
    }

    /** A JSON-RPC request on a resource; the whole response (result or error). */
    private static JsonObject request(McpStreamableTestClient client, String method, String uri) {
        AtomicReference<JsonObject> response = new AtomicReference<>();
        client.when().message(client.newRequest(method).put("params", new JsonObject().put("uri", uri)))
                .withAssert(response::set).send().thenAssertResults();
        return response.get();
    }

    private static McpError error(McpStreamableTestClient client, String method, String uri) {
        AtomicReference<McpError> error = new AtomicReference<>();
        client.when().message(client.newRequest(method).put("params", new JsonObject().put("uri", uri)))
                .withErrorAssert(error::set).send().thenAssertResults();
        assertThat(error.get()).as("%s %s should be refused", method, uri).isNotNull();
        return error.get();
    }

    private static long updates(McpStreamableTestClient client, String uri) {
        return client.snapshot().notifications().stream()
                .filter(n -> "notifications/resources/updated".equals(n.getString("method")))
                .filter(n -> uri.equals(n.getJsonObject("params").getString("uri"))).count();
    }

    private static String text(ToolResponse r) {
        return r.content().isEmpty() ? "" : ((TextContent) r.content().get(0)).text();
    }
}
