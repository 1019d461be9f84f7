package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.peercode.stores.FreePorts;

/**
 * A local stack that looks after itself: a service killed with SIGKILL is restarted and serves again,
 * with a console line naming it and the end of its log; one that keeps dying is given up on with a clear
 * message; and while the embedded PostgreSQL or Redis is down, callers of the REST API get 503 with
 * {@code Retry-After} as problem+json, then normal answers once the store is back. One stack for all of it,
 * with a strict policy (one restart allowed per window) so that giving up needs only two kills.
 */
class SupervisionIT {

    private static final RestartPolicy ONE_RESTART = new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 1,
            Duration.ofMinutes(10));
    private static final Duration BACK = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path data;
    private static LocalStack stack;
    private static PrintStream originalOut;
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        originalOut = System.out;
        System.setOut(new PrintStream(new Tee(originalOut, console), true, StandardCharsets.UTF_8));
        LaunchSettings settings = new LaunchSettings(Path.of("..").toAbsolutePath().normalize(), data,
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                Optional.empty(), Optional.empty());
        stack = LocalStack.start(settings, ONE_RESTART);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        System.setOut(originalOut);
    }

    @Test
    void aKilledGatewayIsRestartedAndServesAgain() {
        String project = createProject("supervised");
        ProcessHandle killed = stack.serviceProcess("gateway-mcp");
        killed.destroyForcibly(); // SIGKILL: what the kernel's OOM killer does

        await().atMost(BACK).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/projects/" + project).statusCode() == 200);
        assertThat(stack.serviceProcess("gateway-mcp").pid()).isNotEqualTo(killed.pid());
        assertThat(killed.isAlive()).isFalse();
        assertThat(consoleText()).contains("gateway-mcp exited unexpectedly (exit code 137); restarting it in 0.2 s")
                .contains("End of " + data.resolve("logs/gateway-mcp.log"))
                // The tail of its log comes with it: the gateway wrote its start-up line there.
                .contains("gateway-mcp is running again (ready in");
        assertThat(consoleText()).containsPattern("started in [0-9.]+s\\. Listening on");
    }

    @Test
    void aServiceThatKeepsDyingIsGivenUpOnWithAClearMessageAndCanBeStartedByHand() {
        stack.serviceProcess("lock-service").destroyForcibly();
        await().atMost(BACK).until(() -> consoleText().contains("lock-service is running again"));

        ProcessHandle second = stack.serviceProcess("lock-service");
        second.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> consoleText().contains("lock-service exited unexpectedly again"));
        assertThat(consoleText()).contains("lock-service exited unexpectedly again (exit code 137): 2 failures within 10 min,"
                + " giving up; it stays down. Find the cause in " + data.resolve("logs/lock-service.log"));
        // It stays down: nothing restarts it within several times the policy's longest delay.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .until(() -> stack.serviceProcess("lock-service").pid() == second.pid() && !second.isAlive());

        stack.startService("lock-service");
        String project = createProject("lock-back");
        assertThat(get("/api/v1/projects/" + project + "/locks").statusCode()).isEqualTo(200);
    }

    @Test
    void whilePostgresIsDownTheRestApiAnswers503WithRetryAfterThenRecovers() {
        String project = createProject("pg-outage");
        stack.stopPostgres();
        try {
            HttpResponse<String> answer = get("/api/v1/projects/" + project);
            assertUnavailable(answer, "planner", "cannot reach its PostgreSQL");
        } finally {
            stack.startPostgres();
        }
        await().atMost(BACK).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/projects/" + project).statusCode() == 200);
    }

    @Test
    void whileRedisIsDownLockCallsAnswer503WithRetryAfterThenRecover() {
        String project = createProject("redis-outage");
        stack.stopRedis();
        try {
            assertUnavailable(get("/api/v1/projects/" + project + "/locks"), "lock service", "cannot reach its Redis");
        } finally {
            stack.startRedis();
        }
        await().atMost(BACK).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/projects/" + project + "/locks").statusCode() == 200);
    }

    private static void assertUnavailable(HttpResponse<String> answer, String part, String reason) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"status\":503", "https://peercode.dev/problems/unavailable", part, reason)
                .doesNotContain("Exception");
    }

    private static String createProject(String name) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/projects"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"(proj_[^\"]+)\"").matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        return id.group(1);
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).timeout(Duration.ofSeconds(15)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // Not listening (yet): the same as any other non-answer for the waits above.
            return new Unanswered(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized String consoleText() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** Writes to the real console and to the copy the assertions read. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (SupervisionIT.class) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            synchronized (SupervisionIT.class) {
                second.write(b, off, len);
            }
        }
    }

    /** A request nobody answered, as a response with status 0. */
    private record Unanswered(String reason) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 0;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return reason;
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
