package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.peercode.testissuer.TestIssuer;
import io.vertx.core.json.JsonObject;

/**
 * Issue 16 #10 on the real services with authentication on: long-lived connections are limited per caller and
 * follow membership. A member removed from a project stops receiving its events on a stream already open
 * (the gateway re-checks every {@link SecuredStack#MEMBERSHIP_RECHECK} here); one caller holds at most
 * {@code peercode.gateway.streams.max-streams-per-caller} (20) event streams and
 * {@code …max-mcp-sessions-per-caller} (50) MCP sessions, the next refused with 429, while other callers are
 * not affected and a closed one frees its place.
 */
class LiveAccessIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ALICE = "alice-" + RUN;
    static final String BOB = "bob-" + RUN;
    static final String CAROL = "carol-" + RUN;
    static final String DAVE = "dave-" + RUN;
    static final int STREAMS = 20;
    static final int MCP_SESSIONS = 50;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestIssuer issuer;
    static String p;

    @BeforeAll
    static void project() {
        issuer = SecuredStack.issuer();
        p = SecuredStack.createProject(token(ALICE), "live access");
        for (String member : List.of(BOB, CAROL, DAVE)) {
            SecuredStack.addMember(p, member, "member");
        }
    }

    @Test
    void aMemberRemovedFromTheProjectStopsReceivingItsEventsOnAnAlreadyOpenStream() {
        Stream bob = Stream.open(token(BOB));
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                push("before removal");
                return bob.events() > 0;
            });

            assertThat(SecuredStack.send("DELETE", "/api/v1/projects/" + p + "/members/" + BOB, token(ALICE), null)
                    .statusCode()).isEqualTo(204);
            // Bounded: the stream ends within a few re-check intervals, without any event to carry it.
            await().atMost(SecuredStack.MEMBERSHIP_RECHECK.multipliedBy(5)).until(bob::ended);
            int seen = bob.events();
            push("after removal");
            assertThat(bob.events()).isEqualTo(seen);
            // And a new stream is refused like any project the caller may not see.
            assertThat(Stream.status(token(BOB))).isEqualTo(404);
        } finally {
            bob.close();
        }
    }

    @Test
    void aCallerHoldsAtMostTheCapOfEventStreamsAndOtherCallersAreNotAffected() {
        List<Stream> carols = new ArrayList<>();
        Stream alice = null;
        try {
            for (int i = 0; i < STREAMS; i++) {
                carols.add(Stream.open(token(CAROL)));
            }
            // Events reach all of them: every one of the 20 is open and counted. (A stream hears only what comes
            // after the gateway subscribed it, so push until each has heard one.)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                push("for carol's streams");
                return carols.stream().allMatch(s -> s.events() > 0);
            });

            HttpResponse<String> refused = Rest.send(Stream.request(token(CAROL)));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/problem+json");
            JsonObject problem = new JsonObject(refused.body());
            assertThat(problem.getString("type")).isEqualTo("https://peercode.dev/problems/too-many-streams");
            assertThat(problem.getString("detail")).contains("20 live event streams");

            alice = Stream.open(token(ALICE));
            Stream aliceStream = alice;
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                push("alice is not affected");
                return aliceStream.events() > 0;
            });

            // A closed stream gives its place back.
            carols.remove(0).close();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Stream again = Stream.open(token(CAROL));
                push("place freed");
                boolean served = waitFor(again);
                if (served) {
                    carols.add(again);
                } else {
                    again.close();
                }
                return served;
            });
        } finally {
            carols.forEach(Stream::close);
            if (alice != null) {
                alice.close();
            }
        }
    }

    @Test
    void anIdentityHoldsAtMostTheCapOfMcpSessions() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < MCP_SESSIONS; i++) {
            HttpResponse<String> opened = initialize(token(DAVE));
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
            sessions.add(opened.headers().firstValue("Mcp-Session-Id").orElseThrow());
        }
        HttpResponse<String> refused = initialize(token(DAVE));
        assertThat(refused.statusCode()).isEqualTo(429);
        JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
        assertThat(error.getString("message")).startsWith("Too many MCP sessions: you already hold 50")
                .contains("DELETE");
        assertThat(refused.headers().firstValue("Mcp-Session-Id")).isEmpty();
        // Another identity is not affected.
        assertThat(initialize(token(ALICE)).statusCode()).isEqualTo(200);
        // Closing one frees its place.
        HttpResponse<String> closed = Rest.send(HttpRequest.newBuilder(URI.create(SecuredStack.gatewayUrl() + "/mcp"))
                .header("Authorization", "Bearer " + token(DAVE)).header("Mcp-Session-Id", sessions.get(0))
                .DELETE().build());
        assertThat(closed.statusCode()).isBetween(200, 204);
        assertThat(initialize(token(DAVE)).statusCode()).isEqualTo(200);
    }

    private static boolean waitFor(Stream stream) {
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> stream.events() > 0 || stream.ended());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
        return stream.events() > 0;
    }

    private static HttpResponse<String> initialize(String token) {
        JsonObject initialize = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize")
                .put("params", new JsonObject().put("protocolVersion", "2025-06-18")
                        .put("capabilities", new JsonObject())
                        .put("clientInfo", new JsonObject().put("name", "live-access-it").put("version", "1")));
        return Rest.send(HttpRequest.newBuilder(URI.create(SecuredStack.gatewayUrl() + "/mcp"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize.encode())).build());
    }

    private static void push(String summary) {
        HttpResponse<String> r = SecuredStack.send("POST", "/api/v1/projects/" + p + "/deltas?session=alice",
                token(ALICE), new JsonObject().put("type", "note").put("summary", summary));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static String token(String subject) {
        return issuer.accessToken(subject);
    }

    /** One open {@code GET /api/v1/projects/{p}/events}, read line by line on a thread of its own. */
    static final class Stream {

        private final List<String> events = new CopyOnWriteArrayList<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile InputStream body;
        private volatile int status;

        static HttpRequest request(String token) {
            return HttpRequest.newBuilder(URI.create(SecuredStack.gatewayUrl() + "/api/v1/projects/" + p + "/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        }

        static int status(String token) {
            return Rest.send(request(token)).statusCode();
        }

        static Stream open(String token) {
            Stream stream = new Stream();
            HTTP.sendAsync(request(token), HttpResponse.BodyHandlers.ofInputStream()).whenComplete((response, e) -> {
                if (e != null) {
                    stream.ended.countDown();
                    return;
                }
                stream.status = response.statusCode();
                stream.body = response.body();
                Thread reader = new Thread(() -> stream.read(response.body()), "live-access-it-stream");
                reader.setDaemon(true);
                reader.start();
            });
            return stream;
        }

        private void read(InputStream in) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (status == 200 && line.startsWith("data:")) {
                        events.add(line);
                    }
                }
            } catch (IOException e) {
                // closed by the test or the server: the stream has ended either way
            } finally {
                ended.countDown();
            }
        }

        int events() {
            return events.size();
        }

        boolean ended() {
            try {
                return ended.await(0, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void close() {
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
