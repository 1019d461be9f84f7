package dev.peercode.gateway.live;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.peercode.api.planner.DeltaDtos.DeltaRead;
import dev.peercode.api.planner.DeltaPage;
import dev.peercode.gateway.client.WireMockBackends;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The batch read one wake-up makes for its woken waits ({@link LongPolls}): waits with the same read from an explicit
 * cursor share one read and its page; waits with another cursor, another filter or another session, and every read
 * without a cursor (its session's durable cursor moves with each read), are reads of their own, and each wait answers
 * with the page of its own read. The planner is WireMock here only to see the batch the gateway sends; the pages'
 * contents are checked against the real planner in e2e-tests' LongPollIT.
 */
@QuarkusTest
@QuarkusTestResource(value = WireMockBackends.class, restrictToAnnotatedClass = true)
class LongPollsSharingTest {

    private static final String PROJECT = "proj_SHARINGSHARINGSH";
    private static final String EMPTY = """
            {"deltas":[],"nextCursor":5,"hasMore":false,"lastSeq":5}""";

    @Inject
    LongPolls longPolls;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void reset() {
        WireMockBackends.server.resetAll();
    }

    @Test
    void waitsWithTheSameReadShareItsPageAndEveryOtherReadIsItsOwn() throws Exception {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT + "/deltas")).willReturn(okJson(EMPTY)));
        List<DeltaRead> distinct = List.of(
                read(5L, null, "s1"), // three waits
                read(5L, "note", "s1"), // two: another filter
                read(6L, null, "s1"), // two: another cursor
                read(5L, null, "s2"), // two: another session
                read(null, null, "s3")); // two, and each its own read: a durable cursor
        int[] waitsOf = { 3, 2, 2, 2, 2 };
        List<DeltaRead> reads = new ArrayList<>();
        List<CompletableFuture<DeltaPage>> answers = new ArrayList<>();
        for (int r = 0; r < distinct.size(); r++) {
            for (int i = 0; i < waitsOf[r]; i++) {
                reads.add(distinct.get(r));
                answers.add(longPolls.read(PROJECT, distinct.get(r), 30, "sharing-test").subscribeAsCompletionStage());
            }
        }
        // every wait made its first read and parked (so one wake-up makes one batch)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.get("peercode.long_polls.parked").gauge().value() == reads.size());
        // one page per read of the batch, told apart by nextCursor (100 + its index in the batch)
        JsonArray pages = new JsonArray();
        for (int i = 0; i < 6; i++) {
            pages.add(page(i));
        }
        WireMockBackends.server.stubFor(post(urlPathEqualTo("/v1/projects/" + PROJECT + "/deltas/reads"))
                .willReturn(okJson(new JsonObject().put("pages", pages).encode())));
        longPolls.wake(PROJECT, 6);

        List<DeltaPage> got = new ArrayList<>();
        for (CompletableFuture<DeltaPage> answer : answers) {
            got.add(answer.get(10, TimeUnit.SECONDS));
        }
        List<ServeEvent> batches = WireMockBackends.server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("/deltas/reads")).toList();
        assertThat(batches).hasSize(1);
        JsonArray sent = new JsonObject(batches.get(0).getRequest().getBodyAsString()).getJsonArray("reads");
        // four shared reads and the two cursor reads of s3
        assertThat(sent).hasSize(6);
        List<Integer> indexes = new ArrayList<>();
        for (int w = 0; w < reads.size(); w++) {
            int index = (int) got.get(w).nextCursor() - 100;
            JsonObject own = sent.getJsonObject(index);
            DeltaRead read = reads.get(w);
            assertThat(own.getLong("after")).as("wait %d's page is its own read's", w).isEqualTo(read.after());
            assertThat(own.getString("types")).isEqualTo(read.types());
            assertThat(own.getString("session")).isEqualTo(read.session());
            indexes.add(index);
        }
        // the waits of one read share its page; the two durable-cursor waits got two pages
        assertThat(indexes.subList(0, 3)).containsOnly(indexes.get(0));
        assertThat(indexes.subList(3, 5)).containsOnly(indexes.get(3));
        assertThat(indexes.subList(5, 7)).containsOnly(indexes.get(5));
        assertThat(indexes.subList(7, 9)).containsOnly(indexes.get(7));
        assertThat(indexes.get(9)).isNotEqualTo(indexes.get(10));
        assertThat(new HashSet<>(indexes)).hasSize(6);
    }

    @Test
    void aBatchAnswerMissingPagesFailsItsWaitsAndTheProjectReadsAgainOnTheNextWakeUp() throws Exception {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT + "/deltas")).willReturn(okJson(EMPTY)));
        List<CompletableFuture<DeltaPage>> first = List.of(
                longPolls.read(PROJECT, read(5L, null, "s1"), 30, "short-test").subscribeAsCompletionStage(),
                longPolls.read(PROJECT, read(5L, "note", "s1"), 30, "short-test").subscribeAsCompletionStage());
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.get("peercode.long_polls.parked").gauge().value() == 2);
        // a broken planner answer: one page for two reads
        WireMockBackends.server.stubFor(post(urlPathEqualTo("/v1/projects/" + PROJECT + "/deltas/reads"))
                .willReturn(okJson(new JsonObject().put("pages", new JsonArray().add(page(0))).encode())));
        longPolls.wake(PROJECT, 6);
        for (CompletableFuture<DeltaPage> answer : first) {
            assertThat(answer).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("answered 1 of 2 delta pages");
        }

        // the project is not left "reading": the next wake-up reads for the next waits at once, long before their 30 s
        CompletableFuture<DeltaPage> next = longPolls.read(PROJECT, read(6L, null, "s1"), 30, "short-test")
                .subscribeAsCompletionStage();
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.get("peercode.long_polls.parked").gauge().value() == 1);
        WireMockBackends.server.stubFor(post(urlPathEqualTo("/v1/projects/" + PROJECT + "/deltas/reads"))
                .willReturn(okJson(new JsonObject().put("pages", new JsonArray().add(page(7))).encode())));
        longPolls.wake(PROJECT, 7);
        assertThat(next.get(10, TimeUnit.SECONDS).nextCursor()).isEqualTo(107);
    }

    private static JsonObject page(int index) {
        return new JsonObject().put("deltas", new JsonArray().add(new JsonObject().put("seq", 6).put("type", "note")
                .put("summary", "page " + index))).put("nextCursor", 100 + index).put("hasMore", false).put("lastSeq", 6);
    }

    private static DeltaRead read(Long after, String types, String session) {
        return new DeltaRead(after, types, session, 50, session);
    }
}
