package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.peercode.testissuer.TestIssuer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Webhooks through the public API on the packaged services (SecuredStack, authentication on): only owners
 * manage them; a receiver on loopback gets signed events it can verify; and a planner stopped while a
 * delivery is in flight, then started again, loses none of the events (at least once, deduped by key).
 */
class WebhooksIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** One delivery as received: its key, signature headers and body. */
    record Received(String eventId, String timestamp, String signature, String body) {
    }

    @Test
    void ownersManageWebhooksAndAPlannerRestartMidDeliveryLosesNoEvent() throws Exception {
        TestIssuer issuer = SecuredStack.issuer();
        String owner = issuer.accessToken("hook-owner-" + RUN);
        String member = issuer.accessToken("hook-member-" + RUN);
        String p = SecuredStack.createProject(owner, "webhooks " + RUN);
        SecuredStack.addMember(p, "hook-member-" + RUN, "member");

        List<Received> received = new CopyOnWriteArrayList<>();
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            firstArrived.countDown();
            try {
                // Holds the first request(s) until the planner has been stopped under it.
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-PeerCode-Event-Id"),
                    exchange.getRequestHeaders().getFirst("X-PeerCode-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-PeerCode-Signature"), body));
            try {
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                // the planner that sent it is gone: that delivery is retried, which is the point
            }
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String hooks = "/api/v1/projects/" + p + "/webhooks";
            JsonObject body = new JsonObject().put("url", url).put("format", "generic")
                    .put("events", new JsonArray().add("blocker").add("warning"));
            // Members and bad input are refused, naming the rule and the field.
            assertThat(SecuredStack.send("POST", hooks, member, body).statusCode()).isEqualTo(403);
            assertThat(SecuredStack.send("GET", hooks, member, null).statusCode()).isEqualTo(403);
            HttpResponse<String> bad = SecuredStack.send("POST", hooks, owner, body.copy().put("url", "gopher://x"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("url");
            // The planner's rule, passed on with its field and message.
            HttpResponse<String> noEvents = SecuredStack.send("POST", hooks, owner, body.copy().put("events", new JsonArray()));
            assertThat(noEvents.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(noEvents.body()).getJsonArray("errors").getJsonObject(0).getMap())
                    .containsEntry("field", "events").extractingByKey("message").asString()
                    .startsWith("is required: one or more of debate.escalated");
            HttpResponse<String> created = SecuredStack.send("POST", hooks, owner, body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String secret = new JsonObject(created.body()).getString("secret");
            String webhookId = new JsonObject(created.body()).getJsonObject("webhook").getString("id");
            assertThat(SecuredStack.send("GET", hooks, owner, null).body()).contains(webhookId).doesNotContain(secret);

            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> pushed = SecuredStack.send("POST", "/api/v1/projects/" + p + "/deltas?session=ann",
                        owner, new JsonObject().put("type", i % 2 == 0 ? "blocker" : "warning").put("summary", "event " + i));
                assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
                expected.add(p + "." + new JsonObject(pushed.body()).getLong("seq"));
            }

            // The planner stops while the receiver holds the first delivery, and comes back.
            assertThat(firstArrived.await(60, TimeUnit.SECONDS)).isTrue();
            SecuredStack.stack().stopService("planner-service");
            release.countDown();
            SecuredStack.stack().startService("planner-service");

            // Every event arrives (its lease runs out, another attempt sends it), each verifiable.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(
                    () -> received.stream().map(Received::eventId).toList().containsAll(expected));
            for (Received r : received) {
                assertThat(r.signature()).isEqualTo("sha256=" + hmac(secret, r.timestamp() + "." + r.body()));
                assertThat(expected).contains(r.eventId());
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> history = SecuredStack.send("GET", hooks + "/" + webhookId + "/deliveries", owner,
                        null);
                return history.statusCode() == 200 && new JsonArray(history.body()).stream()
                        .map(d -> ((JsonObject) d).getString("status")).toList().equals(List.of("delivered", "delivered",
                                "delivered", "delivered"));
            });
            assertThat(SecuredStack.send("DELETE", hooks + "/" + webhookId, member, null).statusCode()).isEqualTo(403);
            assertThat(SecuredStack.send("DELETE", hooks + "/" + webhookId, owner, null).statusCode()).isEqualTo(204);
        } finally {
            release.countDown();
            receiver.stop(0);
        }
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
