package dev.peercode.lock.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.lock.Events;
import dev.peercode.lock.Projects;
import dev.peercode.rules.paths.PathPatterns;
import dev.peercode.security.testing.InternalTokenCallback;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many sessions fight over overlapping paths and globs through the HTTP API. Each records the
 * interval in which it believed it held its locks (from the acquire answer to the release request);
 * afterwards a checker proves that no two intervals of different sessions with overlapping
 * patterns intersect, and that fencing tokens order them.
 */
@QuarkusTest
class MutualExclusionRaceTest {

    private static final List<String> UNIVERSE = List.of("src/app.ts", "src/*.ts", "src/**", "src/lib/util.ts",
            "src/lib/*.ts", "src/a?p.ts", "src", "docs/readme.md", "docs/**", "**/*.md", "README.md", "test/x.ts");
    /**
     * For the lock index (lib.lua): patterns at every depth of one tree, globs at the root ({@code **},
     * {@code *.md}, {@code *}{@code /x/**}) and in the middle, and exact paths below another lock's directory.
     */
    private static final List<String> DEEP_UNIVERSE = List.of("**", "*.md", "*/lib/**", "**/util.ts", "?rc/app.ts",
            "src", "src/**", "src/app.ts", "src/lib", "src/lib/**", "src/lib/util.ts", "src/lib/*.ts",
            "src/lib/deep/x.ts", "src/*/deep/**", "src/l?b/util.ts", "docs/a.md", "docs/*", "README.md", "x/y/z/w.ts");

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    record Interval(String holder, long fence, long start, long end, List<String> paths) {
    }

    @Test
    void overlappingLocksAreNeverHeldByTwoSessionsAtOnce() throws Exception {
        race(32, 50, UNIVERSE, false);
    }

    /**
     * The lock index decides which locks an acquire compares: 64 threads over patterns at every depth and
     * globs at the root, while every session also holds a lock of its own ({@code own/<session>.txt}), so each
     * acquire runs against 64+ live locks of which the index must find every overlapping one.
     */
    @Test
    void overlappingLocksAreNeverHeldByTwoSessionsAtOnceAcrossTheIndex() throws Exception {
        race(64, 25, DEEP_UNIVERSE, true);
    }

    private void race(int sessions, int rounds, List<String> universe, boolean ownLocks) throws Exception {
        String project = Projects.fresh();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger conflicts = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(sessions);
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                String session = "s" + s;
                running.add(pool.submit(() -> {
                    if (ownLocks) {
                        HttpResponse<String> own = post(http, project, "", Map.of("session", session,
                                "paths", List.of("own/" + session + ".txt"), "ttlSeconds", 120));
                        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
                    }
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        List<String> paths = pick(universe);
                        HttpResponse<String> acquired = post(http, project, "", Map.of("session", session,
                                "paths", paths, "ttlSeconds", 120));
                        if (acquired.statusCode() == 409) {
                            conflicts.incrementAndGet();
                            continue;
                        }
                        assertThat(acquired.statusCode()).as(acquired.body()).isEqualTo(200);
                        long held = System.nanoTime();
                        long fence = json.readTree(acquired.body()).get("fencingToken").asLong();
                        // simulated work while holding the locks
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000));
                        long releasing = System.nanoTime();
                        intervals.add(new Interval(session, fence, held, releasing, paths));
                        HttpResponse<String> released = post(http, project, "/release",
                                Map.of("session", session, "paths", paths));
                        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
                        assertThat(json.readTree(released.body()).get("released")).hasSize(paths.size());
                    }
                    return null;
                }));
            }
            for (Future<?> session : running) {
                session.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(intervals.size() + conflicts.get()).isEqualTo(sessions * rounds);
        assertThat(conflicts.get()).as("the sessions really fought").isGreaterThan(sessions);
        assertThat(intervals.size()).as("and still made progress").isGreaterThan(sessions);
        // fencing tokens: one per acquisition, never reused
        assertThat(intervals.stream().map(Interval::fence).distinct().count()).isEqualTo(intervals.size());

        int overlappingPairs = 0;
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                Interval a = intervals.get(i);
                Interval b = intervals.get(j);
                if (a.holder().equals(b.holder()) || !overlap(a.paths(), b.paths())) {
                    continue;
                }
                overlappingPairs++;
                Interval first = a.fence() < b.fence() ? a : b;
                Interval second = first == a ? b : a;
                assertThat(first.end()).as("%s and %s held overlapping locks at once", first, second)
                        .isLessThan(second.start());
            }
        }
        assertThat(overlappingPairs).isGreaterThan(100);
        Log.infof("race: %d sessions, %d acquisitions, %d conflicts, %d overlapping pairs checked in %d ms",
                sessions, intervals.size(), conflicts.get(), overlappingPairs,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));

        int own = ownLocks ? sessions : 0;
        assertThat(Events.of(redis, project, "lock.acquired")).hasSize(intervals.size() + own);
        assertThat(Events.of(redis, project, "lock.released")).hasSize(intervals.size());
        assertThat(json.readTree(http.send(HttpRequest.newBuilder(uri(project, ""))
                .header("Authorization", "Bearer " + InternalTokenCallback.TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("locks")).hasSize(own);
    }

    private static List<String> pick(List<String> universe) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> shuffled = new ArrayList<>(universe);
        Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, 1 + random.nextInt(3)));
    }

    private static boolean overlap(List<String> a, List<String> b) {
        return a.stream().anyMatch(x -> b.stream().anyMatch(y -> PathPatterns.overlaps(x, y)));
    }

    private HttpResponse<String> post(HttpClient http, String project, String suffix, Map<String, Object> body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(project, suffix))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + InternalTokenCallback.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String project, String suffix) {
        return URI.create(base.toString()).resolve("/v1/projects/" + project + "/locks" + suffix);
    }
}
