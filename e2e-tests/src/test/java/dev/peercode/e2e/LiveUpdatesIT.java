package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * A delta committed by the real planner wakes the live channels of its project on the gateway, and only
 * those: the REST event stream, a web UI page's stream (which also says "delta" as soon as it connects, so
 * nothing committed between rendering and subscribing is missed), and MCP resource subscriptions. A
 * malformed message on the wake-up channel changes nothing.
 */
class LiveUpdatesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theRestEventStreamCarriesItsProjectsDeltasOnly() {
        String project = Rest.createProject("live rest");
        String other = Rest.createProject("live rest other");
        try (Lines lines = Lines.open("/api/v1/projects/" + project + "/events")) {
            subscribed(lines, project);
            // Another project's delta, then two of ours as a fence: wake-ups arrive in commit order.
            delta(other, "elsewhere");
            long fence = fence(lines, project);
            assertThat(lines.data()).allSatisfy(data -> assertThat(new JsonObject(data).getString("projectId"))
                    .isEqualTo(project));
        }
    }

    @Test
    void aWebUiPageHearsDeltaOnConnectThenItsProjectsWakeupsOnly() {
        String project = Rest.createProject("live page");
        String other = Rest.createProject("live page other");
        // The page's wake-ups carry only the seq: the other project's must be a number ours never reaches here.
        long otherSeq = 0;
        for (int i = 0; i < 60; i++) {
            otherSeq = delta(other, "filler " + i);
        }
        try (Lines lines = Lines.open("/ui/projects/" + project + "/events")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.all().contains("data:connected"));
            assertThat(lines.all()).contains("event:delta");
            subscribed(lines, project);
            otherSeq = delta(other, "elsewhere");
            long fence = fence(lines, project);
            assertThat(fence).isLessThan(otherSeq);
            assertThat(lines.all()).doesNotContain("data:" + otherSeq);
        }
    }

    /** Commits to the project until its stream (subscribed asynchronously; wake-ups are not replayed) carries one. */
    private static void subscribed(Lines lines, String project) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long seq = delta(project, "here");
            return lines.carries(seq);
        });
    }

    /** Commits one more delta to the project and waits for its wake-up: everything published before has arrived. */
    private static long fence(Lines lines, String project) {
        long seq = delta(project, "fence");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.carries(seq));
        return seq;
    }

    @Test
    void anMcpSubscriptionIsNotifiedForItsProjectOnlyAndAMalformedWakeupChangesNothing() {
        String project = Rest.createProject("live mcp");
        String other = Rest.createProject("live mcp other");
        try (Agent agent = Agent.withHeaders("watcher", project)) {
            String uri = "peercode://projects/" + project;
            agent.client.when().resourcesRead(uri, r -> assertThat(r.firstContents().asText().text()).contains(project))
                    .thenAssertResults();
            agent.client.when()
                    .message(agent.client.newRequest("resources/subscribe").put("params", new JsonObject().put("uri", uri)))
                    .send().thenAssertResults();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                publishRaw("not json");
                publishRaw("{\"projectId\":\"" + project + "\"}");
                delta(other, "elsewhere");
                delta(project, "here");
                return !updates(agent).isEmpty();
            });
            assertThat(updates(agent)).extracting(n -> n.getJsonObject("params").getString("uri")).containsOnly(uri);
            // The gateway still serves after the malformed messages.
            assertThat(Rest.get("/api/v1/projects/" + project).statusCode()).isEqualTo(200);
        }
    }

    private static List<JsonObject> updates(Agent agent) {
        return agent.client.snapshot().notifications().stream()
                .filter(n -> "notifications/resources/updated".equals(n.getString("method"))).toList();
    }

    /** Posts a note through the REST API and returns its seq. */
    private static long delta(String project, String summary) {
        return Rest.postJson("/api/v1/projects/" + project + "/deltas?session=alice",
                new JsonObject().put("type", "note").put("summary", summary)).getLong("seq");
    }

    /** PUBLISHes a message on the planner's wake-up channel, as a broken or hostile publisher would. */
    private static void publishRaw(String message) {
        URI redis = URI.create(Stack.redisUrl());
        String password = redis.getUserInfo().substring(redis.getUserInfo().indexOf(':') + 1);
        try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(resp("AUTH", password));
            out.write(resp("PUBLISH", "peercode:deltas", message));
            out.flush();
            byte[] answer = new byte[64];
            int read = 0;
            // +OK for AUTH, then :<subscribers> for PUBLISH.
            while (read == 0 || new String(answer, 0, read, StandardCharsets.UTF_8).split("\r\n").length < 2) {
                int n = socket.getInputStream().read(answer, read, answer.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertThat(new String(answer, 0, read, StandardCharsets.UTF_8)).startsWith("+OK\r\n:");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resp(String... words) {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            command.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The non-blank lines of a server-sent event stream, read in the background ("field:value", no space). */
    private static final class Lines implements AutoCloseable {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final HttpResponse<Stream<String>> response;

        private Lines(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try {
                    response.body().filter(l -> !l.isBlank()).map(l -> l.replaceFirst(":\\s*", ":"))
                            .forEach(lines::add);
                } catch (UncheckedIOException closed) {
                    // the test closed the stream
                }
            }, "sse-lines");
            reader.setDaemon(true);
            reader.start();
        }

        static Lines open(String path) {
            try {
                HttpResponse<Stream<String>> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
                return new Lines(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        List<String> all() {
            return lines;
        }

        List<String> data() {
            return lines.stream().filter(l -> l.startsWith("data:")).map(l -> l.substring(5)).toList();
        }

        /** Whether a wake-up for this seq arrived: the page's bare number or the REST stream's JSON. */
        boolean carries(long seq) {
            return data().stream().anyMatch(d -> d.startsWith("{") ? new JsonObject(d).getLong("seq") == seq
                    : d.equals(Long.toString(seq)));
        }

        @Override
        public void close() {
            response.body().close();
        }
    }
}
