package dev.peercode.gateway.web;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.client.WireMockBackends;
import dev.peercode.stores.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A page's live channel: a {@code delta} event as soon as it connects (so nothing committed between
 * rendering and subscribing is missed) and one for each wake-up the planner publishes on
 * {@code peercode:deltas} for that project, none for other projects. htmx re-fetches on these.
 */
@QuarkusTest
@QuarkusTestResource(value = WireMockBackends.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class WebUiEventsTest {

    private static final String PROJECT = "proj_EEEEEEEEEEEEEEEE";

    @TestHTTPResource
    URI baseUri;

    @Inject
    RedisDataSource redis;

    @Test
    void thePageHearsItsProjectsWakeupsOnly() throws Exception {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson("""
                {"project":{"id":"%s","name":"Live","syncBranch":"peer-progress","lastSeq":3},"plan":{"phases":[]}}"""
                .formatted(PROJECT))));
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                baseUri.resolve("/ui/projects/" + PROJECT + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> response.body().filter(l -> !l.isBlank())
                .map(l -> l.replaceFirst(":\\s*", ":")).forEach(lines::add));
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("data:connected"));
        assertThat(lines).contains("event:delta");
        // Wake-ups are not replayed: publish until the stream (subscribed asynchronously) carries one.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"proj_FFFFFFFFFFFFFFFF\",\"seq\":77}");
            redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"" + PROJECT + "\",\"seq\":4}");
            return lines.contains("data:4");
        });
        assertThat(lines).doesNotContain("data:77");
        response.body().close();
    }
}
