package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The public REST API, in particular the three endpoints the Claude Code hooks call. */
class RestApiIT {

    @Test
    void hookEndpointsAnswerWhatTheHooksNeed() {
        String projectId = Rest.createProject("hooks");
        String base = "/api/v1/projects/" + projectId;
        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"), "reason", "auth refactor"));

            // Pre-edit hook: bob may not edit alice's file; alice may.
            JsonObject forBob = Rest.getJson(base + "/locks/check?path=src/app.ts&session=bob");
            assertThat(forBob.getBoolean("locked")).isTrue();
            assertThat(forBob.getString("holder")).isEqualTo("alice");
            assertThat(forBob.getString("reason")).isEqualTo("auth refactor");
            assertThat(forBob.getString("expiresAt")).isNotBlank();
            assertThat(forBob.getString("path")).isEqualTo("src/app.ts");
            JsonObject forAlice = Rest.getJson(base + "/locks/check?path=./src/app.ts&session=alice");
            assertThat(forAlice.getBoolean("locked")).isFalse();
            assertThat(forAlice.containsKey("holder")).isTrue();

            // Post-tool-use hook: bob's new deltas once, then nothing new.
            alice.ok("peercode_push_delta", Map.of("type", "warning", "summary", "Do not touch the login form"));
            JsonObject first = Rest.getJson(base + "/deltas?session=bob&waitSeconds=0");
            assertThat(first.getJsonArray("deltas").stream().map(d -> ((JsonObject) d).getString("summary")))
                    .contains("Do not touch the login form");
            assertThat(first.containsKey("nextCursor")).isTrue();
            assertThat(first.containsKey("hasMore")).isTrue();
            JsonObject again = Rest.getJson(base + "/deltas?session=bob&waitSeconds=0");
            assertThat(again.getJsonArray("deltas", new JsonArray()).stream()
                    .map(d -> ((JsonObject) d).getString("summary"))).doesNotContain("Do not touch the login form");

            // Pre-push guard: who holds the push token.
            JsonObject free = Rest.getJson(base + "/sync?session=bob");
            assertThat(free.getString("state")).isEqualTo("free");
            assertThat(free.getBoolean("holdsToken")).isFalse();
            alice.ok("peercode_sync_github", Map.of("action", "start"));
            JsonObject held = Rest.getJson(base + "/sync?session=alice");
            assertThat(held.getString("holder")).isEqualTo("alice");
            assertThat(held.getBoolean("holdsToken")).isTrue();
            assertThat(held.getString("branch")).isEqualTo("peer-progress");
        }
    }

    @Test
    void errorsAreProblemJsonAndTheApiIsDocumented() {
        HttpResponse<String> badSession = Rest
                .get("/api/v1/projects/proj_AAAAAAAAAAAAAAAA/locks/check?path=a&session=Not%20Valid");
        assertThat(badSession.statusCode()).isEqualTo(400);
        assertThat(badSession.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(new JsonObject(badSession.body()).getString("type")).isEqualTo("https://peercode.dev/problems/validation");
        HttpResponse<String> unknown = Rest.get("/api/v1/projects/proj_AAAAAAAAAAAAAAAA");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getString("type")).isEqualTo("https://peercode.dev/problems/not-found");

        String openapi = Rest.get("/q/openapi?format=json").body();
        assertThat(openapi).contains("/api/v1/projects/{projectId}/locks/check", "/api/v1/projects/{projectId}/deltas",
                "/api/v1/projects/{projectId}/sync", "/api/v1/projects/{projectId}/replan",
                "/api/v1/projects/{projectId}/debates");
        // The web UI's pages and forms are not API.
        assertThat(openapi).doesNotContain("/ui/projects");
    }

    @Test
    void agentTokensAreCreatedOnceListedWithoutSecretsAndRevokedThroughThePlanner() {
        String projectId = Rest.createProject("tokens");
        String base = "/api/v1/projects/" + projectId + "/tokens";
        // Local mode: the caller is the local owner, the member a token acts for by default.
        HttpResponse<String> created = Rest.post(base, new JsonObject().put("name", "ci"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject token = new JsonObject(created.body());
        String secret = token.getString("token");
        assertThat(secret).startsWith("pct_");
        assertThat(token.getString("memberSubject")).isEqualTo("local");
        JsonObject server = token.getJsonObject("mcpJson").getJsonObject("mcpServers").getJsonObject("peercode");
        assertThat(server.getString("url")).endsWith("/mcp");
        assertThat(server.getJsonObject("headers").getString("Authorization")).isEqualTo("Bearer " + secret);
        assertThat(server.getJsonObject("headers").getString("X-PeerCode-Project")).isEqualTo(projectId);

        HttpResponse<String> list = Rest.get(base);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(token.getString("tokenId")).doesNotContain(secret).doesNotContain("pct_");

        assertThat(Rest.delete(base + "/" + token.getString("tokenId")).statusCode()).isEqualTo(204);
        JsonObject revoked = (JsonObject) new JsonArray(Rest.get(base).body()).getValue(0);
        assertThat(revoked.getString("revokedAt")).isNotBlank();
    }
}
