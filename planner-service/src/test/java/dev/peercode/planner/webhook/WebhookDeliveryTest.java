package dev.peercode.planner.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import dev.peercode.planner.events.LockEventAppender;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Webhooks against real HTTP receivers on loopback: what a receiver gets and how it verifies it, that a
 * receiver down for a while loses nothing, dead letters, the lock events' batch path, and that a slow
 * receiver holds up no other project's webhook.
 */
@QuarkusTest
class WebhookDeliveryTest {

    @Inject
    LockEventAppender lockEvents;

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @Test
    void aReceiverGetsSignedEventsOfTheKindsItChoseAndVerifiesThemAsTheReadmeSays() throws Exception {
        try (Receiver receiver = new Receiver(body -> 200)) {
            String p = Fixtures.project("owner");
            JsonPath created = create(p, receiver.url(), "generic", List.of("blocker", "warning"));
            String secret = created.getString("secret");
            assertThat(secret).startsWith("whsec_");
            push(p, "note", "not chosen");
            long seq = push(p, "blocker", "CI is red on main & <nobody> can merge");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
            Receiver.Request r = receiver.delivered().get(0);
            assertThat(r.header("X-PeerCode-Event-Id")).isEqualTo(p + "." + seq);
            assertThat(r.header("X-PeerCode-Event")).isEqualTo("blocker");
            long timestamp = Long.parseLong(r.header("X-PeerCode-Timestamp"));
            assertThat(timestamp).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
            // The receiver's check, exactly as documented: HMAC-SHA256(secret, timestamp + "." + body), hex.
            assertThat(r.header("X-PeerCode-Signature")).isEqualTo("sha256=" + hmac(secret, timestamp + "." + r.body()));
            assertThat(r.header("X-PeerCode-Signature"))
                    .isNotEqualTo("sha256=" + hmac("whsec_wrong", timestamp + "." + r.body()));
            JsonPath body = JsonPath.from(r.body());
            assertThat(body.getString("kind")).isEqualTo("blocker");
            assertThat(body.getString("summary")).isEqualTo("CI is red on main & <nobody> can merge");
            assertThat(body.getLong("seq")).isEqualTo(seq);
            assertThat(body.getString("url")).endsWith("/ui/projects/" + p + "/timeline");

            // The history shows it delivered; the listing never shows the secret.
            String id = created.getString("webhook.id");
            given().get("/v1/projects/{p}/webhooks/{w}/deliveries", p, id).then().statusCode(200)
                    .body("[0].status", equalTo("delivered")).body("[0].attempts", equalTo(1))
                    .body("[0].eventId", equalTo(p + "." + seq)).body("size()", equalTo(1));
            assertThat(given().get("/v1/projects/{p}/webhooks", p).then().statusCode(200).extract().asString())
                    .doesNotContain(secret);
        }
    }

    @Test
    void slackGetsTextWithALinkToThePageAndNoForgedMarkup() {
        try (Receiver receiver = new Receiver(body -> 200)) {
            String p = Fixtures.project("owner");
            create(p, receiver.url(), "slack", List.of("warning"));
            push(p, "warning", "disk <http://evil|click> almost full");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
            String text = JsonPath.from(receiver.delivered().get(0).body()).getString("text");
            assertThat(text).contains("Warning: disk &lt;http://evil|click&gt; almost full")
                    .contains("<http://localhost:8080/ui/projects/" + p + "/timeline|Open in PeerCode>");
        }
    }

    @Test
    void aReceiverDownForAWhileThenUpGetsEveryEventAndCanDedupeByKey() throws Exception {
        try (Receiver receiver = new Receiver(body -> 503)) {
            String p = Fixtures.project("owner");
            String id = create(p, receiver.url(), "generic", List.of("blocker")).getString("webhook.id");
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < 6; i++) {
                expected.add(p + "." + push(p, "blocker", "blocker " + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests.size() >= 3);
            assertThat(receiver.delivered()).isEmpty();
            receiver.answer(body -> 200);

            await().atMost(Duration.ofSeconds(60)).until(() -> keys(receiver.delivered()).containsAll(expected));
            // At-least-once: every key arrived; a receiver that keeps the keys it saw processes each once.
            assertThat(keys(receiver.delivered())).isEqualTo(expected);
            List<String> statuses = given().get("/v1/projects/{p}/webhooks/{w}/deliveries", p, id).then().extract()
                    .path("status");
            assertThat(statuses).hasSize(6).containsOnly("delivered");
        }
    }

    @Test
    void anEventNobodyAcceptsIsDeadLetteredWithItsLastError() {
        try (Receiver receiver = new Receiver(body -> 500)) {
            String p = Fixtures.project("owner");
            String id = create(p, receiver.url(), "generic", List.of("blocker")).getString("webhook.id");
            push(p, "blocker", "nobody listens");
            await().atMost(Duration.ofSeconds(60)).until(() -> "dead".equals(
                    given().get("/v1/projects/{p}/webhooks/{w}/deliveries", p, id).then().extract().path("[0].status")));
            given().get("/v1/projects/{p}/webhooks/{w}/deliveries", p, id).then()
                    .body("[0].attempts", equalTo(4)) // max-attempts in the test profile
                    .body("[0].lastStatus", equalTo(500))
                    .body("[0].lastError", equalTo("the receiver answered 500"));
            assertThat(receiver.requests).hasSize(4);
        }
    }

    /** The lock service's events take the JDBC batch path: their outbox rows are written there too. */
    @Test
    void aForcedLockReleaseFromTheEventStreamIsDelivered() {
        try (Receiver receiver = new Receiver(body -> 200)) {
            String p = Fixtures.project("owner");
            create(p, receiver.url(), "generic", List.of("lock.force_released"));
            String entry = System.currentTimeMillis() + "-" + System.nanoTime() % 1000;
            List<LockEventAppender.Outcome> outcomes = lockEvents.appendAll(List.of(
                    new LockEventAppender.Entry(entry + "0", Map.of("projectId", p, "type", "lock.acquired", "actor",
                            "bob", "summary", "bob locked src/a.ts", "paths", "[\"src/a.ts\"]")),
                    new LockEventAppender.Entry(entry + "1", Map.of("projectId", p, "type", "lock.force_released",
                            "actor", "ann", "summary", "ann force-released bob's lock on src/a.ts: stale",
                            "paths", "[\"src/a.ts\"]"))));
            assertThat(outcomes).containsOnly(LockEventAppender.Outcome.APPENDED);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
            JsonPath body = JsonPath.from(receiver.delivered().get(0).body());
            assertThat(body.getString("kind")).isEqualTo("lock.force_released");
            assertThat(body.getList("paths")).containsExactly("src/a.ts");
        }
    }

    @Test
    void aSessionGoneIdleWhileHoldingLocksReachesTheReceiverFromTheRealStream() {
        try (Receiver receiver = new Receiver(body -> 200)) {
            String p = Fixtures.project("owner");
            create(p, receiver.url(), "slack", List.of("session.idle"));
            // The entry exactly as the lock service's idle_sweep.lua writes it, into the stream the planner consumes.
            redis.stream(String.class).xadd("peercode:events", Map.of("projectId", p, "type", "session.idle",
                    "actor", "bob", "summary", "bob has gone idle (not seen for 120 s) while holding 2 locks and the"
                            + " push token",
                    "paths", "[\"src/a.ts\",\"src/b.ts\"]", "taskIds", "[]",
                    "data", "{\"locks\":2,\"pushToken\":true,\"lastSeen\":null,\"idleAfterSeconds\":120}",
                    "at", java.time.Instant.now().toString()));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
            assertThat(JsonPath.from(receiver.delivered().get(0).body()).getString("text"))
                    .contains("Session idle while holding locks or the push token", "bob has gone idle");
            // It is a delta of the log too, for agents and the timeline.
            given().when().get("/v1/projects/{p}/deltas?after=0&types=session.idle", p).then().statusCode(200)
                    .body("deltas.size()", equalTo(1)).body("deltas[0].data.locks", equalTo(2));
        }
    }

    @Test
    void aSlowReceiverDelaysNoOtherProjectsWebhook() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver slow = new Receiver(body -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        }); Receiver fast = new Receiver(body -> 200)) {
            String a = Fixtures.project("owner");
            String b = Fixtures.project("owner");
            create(a, slow.url(), "generic", List.of("blocker"));
            create(b, fast.url(), "generic", List.of("blocker"));
            for (int i = 0; i < 3; i++) {
                push(a, "blocker", "slow " + i);
            }
            push(b, "blocker", "fast");
            // B's event arrives while A's receiver still holds its first request.
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.delivered().size() == 1);
            assertThat(slow.requests).isEmpty();
            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void urlsAndKindsAreCheckedNamingTheField() throws Exception {
        String p = Fixtures.project("owner");
        given().contentType(ContentType.JSON).body(Map.of("url", "ftp://example.com/x", "format", "generic", "events",
                List.of("blocker"))).post("/v1/projects/{p}/webhooks", p).then().statusCode(400)
                .body("errors[0].field", equalTo("url"));
        given().contentType(ContentType.JSON).body(Map.of("url", "https://user:pw@example.com/x", "format", "generic",
                "events", List.of("blocker"))).post("/v1/projects/{p}/webhooks", p).then().statusCode(400)
                .body("errors[0].field", equalTo("url"));
        given().contentType(ContentType.JSON).body(Map.of("url", "https://example.com/x", "format", "generic", "events",
                List.of("task.created"))).post("/v1/projects/{p}/webhooks", p).then().statusCode(400)
                .body("errors[0].field", equalTo("events"));
        given().contentType(ContentType.JSON).body(Map.of("url", "https://example.com/x", "format", "teams", "events",
                List.of("blocker"))).post("/v1/projects/{p}/webhooks", p).then().statusCode(400)
                .body("errors[0].field", equalTo("format"))
                .body("errors[0].message", equalTo("must be one of generic, slack"));
        // What is missing is named with what it may be (the gateway passes these on as they are).
        given().contentType(ContentType.JSON).body(Map.of("url", " ", "events", List.of()))
                .post("/v1/projects/{p}/webhooks", p).then().statusCode(400)
                .body("errors.field", equalTo(List.of("events", "format", "url")))
                .body("errors.message", equalTo(List.of("is required: one or more of debate.escalated, "
                        + "debate.no_quorum, blocker, warning, lock.force_released, session.idle, sync.completed",
                        "is required; one of generic, slack", "is required")));
        // Deployed (allow-private-targets off), these are what an SSRF would aim at: all refused.
        for (String address : List.of("127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.5", "169.254.169.254", "::1",
                "fd00::1", "0.0.0.0", "100.64.0.1")) {
            assertThat(WebhookTargets.internal(InetAddress.getByName(address))).as(address).isTrue();
        }
        assertThat(WebhookTargets.internal(InetAddress.getByName("93.184.216.34"))).isFalse();
        // The attack as a member would try it in a deployment: the planner's own API, the cloud metadata
        // service, a name for loopback. All refused naming the rule; allowed only where configured (local).
        for (String target : List.of("http://127.0.0.1:8081/v1/projects", "http://169.254.169.254/latest/meta-data/",
                "http://localhost:6379/", "http://[::1]:5432/", "http://10.0.0.5/internal")) {
            assertThat(WebhookTargets.refusal(target, false)).as(target).hasValueSatisfying(
                    reason -> assertThat(reason).contains("must not point at a loopback, private or link-local address"));
            assertThat(WebhookTargets.refusal(target, true)).as(target).isEmpty();
        }
    }

    private static Set<String> keys(List<Receiver.Request> requests) {
        return requests.stream().map(r -> r.header("X-PeerCode-Event-Id")).collect(Collectors.toSet());
    }

    static JsonPath create(String p, String url, String format, List<String> events) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", url, "format", format, "events", events, "createdBy", "owner"))
                .post("/v1/projects/{p}/webhooks", p).then().statusCode(201).extract().jsonPath();
    }

    static long push(String p, String type, String summary) {
        return ((Number) given().contentType(ContentType.JSON)
                .body(Map.of("actor", "agent", "type", type, "summary", summary))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201).extract().path("seq")).longValue();
    }

    static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
