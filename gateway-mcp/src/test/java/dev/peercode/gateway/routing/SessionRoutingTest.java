package dev.peercode.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.stores.testing.RedisTestResource;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The session directory as Redis holds it, and the answers for sessions no replica can serve. Forwarding
 * between two real replicas is proven end to end by e2e-tests' ScaleOutIT.
 */
@QuarkusTest
@TestProfile(SessionRoutingTest.Advertised.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class SessionRoutingTest {

    static final String SELF = "http://gateway-a.test:8080";

    /** This replica's advertised address: only recorded here, never called. */
    public static class Advertised implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("peercode.gateway.routing.advertised-url", SELF,
                    "peercode.gateway.routing.registration-grace", "50ms");
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource
    URI baseUri;

    @Inject
    RedisDataSource redis;

    @Test
    void aNewSessionIsRecordedAsThisReplicasWithATtlUntilItIsClosed() {
        McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri).build().connect();
        String key = SessionDirectory.KEY_PREFIX + client.mcpSessionId();
        assertThat(redis.value(String.class).get(key)).isEqualTo(SELF);
        assertThat(redis.key().pttl(key)).isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());

        client.terminateSession();
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.key().exists(key));
    }

    @Test
    void aSessionWhoseReplicaIsGoneAnswers404AndItsRecordIsDropped() throws IOException {
        String session = newSessionId();
        String key = SessionDirectory.KEY_PREFIX + session;
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        redis.value(String.class).set(key, "http://127.0.0.1:" + closedPort);

        assertThat(post(session, Map.of()).statusCode()).isEqualTo(404);
        assertThat(redis.key().exists(key)).as("the stale record is dropped").isFalse();
    }

    @Test
    void aSessionNobodyHoldsAnswers404AsTheMcpSpecificationSays() {
        assertThat(post(newSessionId(), Map.of()).statusCode()).isEqualTo(404);
        assertThat(post("not a session id!", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() {
        // A record pointing at this very replica under another name: forwarding it would loop forever.
        String session = newSessionId();
        String key = SessionDirectory.KEY_PREFIX + session;
        redis.value(String.class).set(key, baseUri.toString());

        assertThat(post(session, Map.of(SessionForwarder.FORWARDED_BY, "http://gateway-b.test:8080")).statusCode())
                .isEqualTo(404);
        // Unmarked, it takes exactly one hop (to this replica, marked) and ends there with 404.
        assertThat(post(session, Map.of()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> post(String session, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve("/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Mcp-Session-Id", session)
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An id shaped like the extension's (URL-safe Base64 of a UUID) that no replica holds. */
    private static String newSessionId() {
        return Base64.getUrlEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
    }
}
