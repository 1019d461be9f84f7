package dev.peercode.gateway.live;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.client.WireMockBackends;
import dev.peercode.stores.testing.RedisTestResource;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Whoever publishes "project P is at seq N" on {@code peercode:deltas} (any planner replica), every
 * gateway replica notifies its subscribers of {@code peercode://projects/P}. The publish here comes
 * straight from a real Redis client, as the planner's would.
 */
@QuarkusTest
@QuarkusTestResource(value = WireMockBackends.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class LiveUpdatesTest {

    private static final String PROJECT = "proj_BBBBBBBBBBBBBBBB";

    @TestHTTPResource
    URI baseUri;

    @Inject
    RedisDataSource redis;

    @Test
    void theWebUiEventStreamCarriesTheProjectsWakeups() throws Exception {
        stubProject();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                baseUri.resolve("/api/v1/projects/" + PROJECT + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        AtomicReference<String> received = new AtomicReference<>();
        Thread reader = new Thread(() -> response.body().filter(line -> line.startsWith("data:")).findFirst()
                .ifPresent(received::set));
        reader.start();
        // Wake-ups are not replayed: publish until the stream (subscribed asynchronously) has carried one.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"" + PROJECT + "\",\"seq\":5}");
            return received.get() != null;
        });
        assertThat(new JsonObject(received.get().substring("data:".length()).trim()))
                .isEqualTo(new JsonObject().put("projectId", PROJECT).put("seq", 5));
        response.body().close();
    }

    private static void stubProject() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson("""
                {"project":{"id":"%s","name":"Live","syncBranch":"peer-progress","lastSeq":3},"plan":{"phases":[]}}"""
                .formatted(PROJECT))));
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT + "/debates")).willReturn(okJson("[]")));
    }

    static List<JsonObject> updates(McpStreamableTestClient client) {
        return client.snapshot().notifications().stream()
                .filter(n -> "notifications/resources/updated".equals(n.getString("method"))).toList();
    }

    @Test
    void aPublishedSeqNotifiesTheProjectResourceSubscribersOnly() {
        stubProject();
        McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri)
                .setOpenSubsidiarySse(true).build().connect();
        try {
            String uri = "peercode://projects/" + PROJECT;
            client.when().resourcesRead(uri, r -> assertThat(r.firstContents().asText().text()).contains("\"lastSeq\":3"))
                    .thenAssertResults();
            client.when().message(client.newRequest("resources/subscribe").put("params", new JsonObject().put("uri", uri)))
                    .send().thenAssertResults();

            // The gateway subscribes to the channel asynchronously at start and wake-ups are not replayed:
            // publish the three messages until the subscribed project's update has arrived.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"proj_CCCCCCCCCCCCCCCC\",\"seq\":9}");
                redis.pubsub(String.class).publish("peercode:deltas", "not json");
                redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"" + PROJECT + "\",\"seq\":4}");
                return !updates(client).isEmpty();
            });
            // Only the subscribed project's resource; the malformed message and the other project change nothing.
            assertThat(updates(client)).extracting(n -> n.getJsonObject("params").getString("uri")).containsOnly(uri);
        } finally {
            client.disconnect();
        }
    }
}
