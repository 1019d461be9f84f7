package dev.peercode.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.peercode.gateway.security.GatewaySecret;
import dev.peercode.stores.testing.RedisTestResource;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
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

    @Inject
    SessionDirectory directory;

    @Inject
    GatewaySecret secret;

    @Test
    void aNewSessionIsRecordedAsThisReplicasWithATtlUntilItIsClosed() {
        McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri).build().connect();
        String key = SessionDirectory.KEY_PREFIX + client.mcpSessionId();
        assertThat(redis.value(String.class).get(key)).startsWith(SELF + " ");
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
        signedRecordOfALiveReplica(session, "http://127.0.0.1:" + closedPort);

        assertThat(post(session, Map.of()).statusCode()).isEqualTo(404);
        // The router drops the record beside the answer, not before it (SessionRouter.notFound): it was asserted at
        // once, and a fresh-clone run once read it before the DEL landed.
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.key().exists(key));
    }

    @Test
    void aSessionNobodyHoldsAnswers404AsTheMcpSpecificationSays() {
        assertThat(post(newSessionId(), Map.of()).statusCode()).isEqualTo(404);
        assertThat(post("not a session id!", Map.of()).statusCode()).isEqualTo(404);
    }

    /**
     * A session id is attacker-chosen text. One that is not shaped like the extension's ids (control characters,
     * an ANSI escape sequence that recolours or rewrites a terminal line, a forged log line after a bare line
     * feed, kilobytes of padding) answers 404 like any unknown session, and nothing of it reaches the log at any
     * level that is enabled: the extension's own "session not found" warning would echo it verbatim. Sent over a
     * raw socket, as an attacker would, since Java's HTTP client refuses to send such headers at all.
     */
    @Test
    void aGarbageSessionIdAnswers404AndIsNotEchoedIntoTheLog() throws IOException {
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (String garbage : List.of("FORGED\u001b[2K\u001b[1G2026-12-01 ERROR [admin] FORGED-ESCAPE",
                    "FORGED\u0007\u0008\u007f-CONTROL", "FORGED-" + "x".repeat(6000),
                    "FORGED-BARE-LF\nERROR forged line")) {
                String status = rawPost("/mcp", garbage);
                assertThat(status).as("a garbage session id").matches("HTTP/1\\.1 (404|400) .*");
            }
            // The legacy SSE transport names the session in the path, which is percent-decoded.
            assertThat(rawPost("/mcp/messages/FORGED%1B%5B2K%0AERROR-forged-line", null))
                    .matches("HTTP/1\\.1 404 .*");
            // A well-formed unknown id still answers 404 (and may be logged: it holds only URL-safe Base64).
            assertThat(post(newSessionId(), Map.of()).statusCode()).isEqualTo(404);
            assertThat(logged).noneMatch(line -> line.contains("FORGED"));
        } finally {
            root.removeHandler(capture);
        }
    }

    /** The status line of a POST to {@code path}, with {@code sessionId} (if any) as its header, byte for byte. */
    private String rawPost(String path, String sessionId) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        try (java.net.Socket socket = new java.net.Socket(baseUri.getHost(), baseUri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + baseUri.getPort() + "\r\n"
                    + (sessionId == null ? "" : "Mcp-Session-Id: " + sessionId + "\r\n")
                    + "Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
        }
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() {
        // A record pointing at this very replica under another name: forwarding it would loop forever.
        String session = newSessionId();
        String key = SessionDirectory.KEY_PREFIX + session;
        signedRecordOfALiveReplica(session, baseUri.toString());

        assertThat(post(session, Map.of(SessionForwarder.FORWARDED_BY, "http://gateway-b.test:8080")).statusCode())
                .isEqualTo(404);
        // Unmarked, it takes exactly one hop (to this replica, marked) and ends there with 404.
        assertThat(post(session, Map.of()).statusCode()).isEqualTo(404);
    }

    /**
     * Whoever can write to Redis (it is shared with the planner and the lock service) points session records at a
     * listener of its own: an unsigned record, a valid record of another session copied over, and a record signed
     * for a replica that is not registered as live (one that stopped, its address taken over). The listener never
     * receives a request, so never the caller's token nor a hop credential; the caller gets 404 (start a new
     * session) and the record is dropped.
     */
    @Test
    void aForgedOrStaleSessionRecordNeverSendsARequestAnywhere() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().entrySet());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        listener.start();
        try {
            String attacker = "http://127.0.0.1:" + listener.getAddress().getPort();

            String unsigned = newSessionId();
            redis.value(String.class).set(SessionDirectory.KEY_PREFIX + unsigned, attacker);
            String signedUrlOnly = newSessionId();
            redis.value(String.class).set(SessionDirectory.KEY_PREFIX + signedUrlOnly,
                    attacker + " " + secret.sign("replica", attacker).orElseThrow());
            String copied = newSessionId();
            String other = newSessionId();
            directory.record(other, attacker).await().indefinitely();
            redis.value(String.class).set(SessionDirectory.KEY_PREFIX + copied,
                    redis.value(String.class).get(SessionDirectory.KEY_PREFIX + other));
            String notLive = newSessionId();
            directory.record(notLive, attacker).await().indefinitely();

            for (String session : List.of(unsigned, signedUrlOnly, copied, notLive)) {
                assertThat(post(session, Map.of("Authorization", "Bearer pct_victimsSecretToken000000000"))
                        .statusCode()).isEqualTo(404);
                // Dropped right after the answer (the delete is not waited for).
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> !redis.key().exists(SessionDirectory.KEY_PREFIX + session));
            }
            assertThat(received).isEmpty();
        } finally {
            listener.stop(0);
        }
    }

    @Test
    void thisReplicaRegistersItselfAsLiveWithASignatureAndATtl() {
        String key = ReplicaRegistry.KEY_PREFIX + SELF;
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists(key));
        assertThat(secret.verify("replica", SELF, redis.value(String.class).get(key))).isTrue();
        assertThat(redis.key().pttl(key)).isBetween(1L, ReplicaRegistry.TTL.toMillis());
    }

    private void signedRecordOfALiveReplica(String session, String url) {
        directory.record(session, url).await().indefinitely();
        redis.value(String.class).set(ReplicaRegistry.KEY_PREFIX + url, secret.sign("replica", url).orElseThrow(),
                new SetArgs().px(ReplicaRegistry.TTL));
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
