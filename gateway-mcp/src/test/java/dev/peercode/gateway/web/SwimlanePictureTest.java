package dev.peercode.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.gateway.web.SwimlanePicture.Span;
import io.quarkus.qute.Engine;
import io.quarkus.test.junit.QuarkusTest;

/** The model, and the picture as its tag template draws it (with Quarkus' HTML escaping). */
@QuarkusTest
class SwimlanePictureTest {

    @Inject
    Engine engine;

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private long seq;

    @Test
    void lanesShowWhatEachSessionHeldFromTheLog() {
        PlanView plan = plan(List.of(task("task_aaaaaaaaaaaa", "Schema", "done", null),
                task("task_bbbbbbbbbbbb", "API", "in_progress", "bob")));
        List<DeltaView> log = List.of(
                // A lock taken before the window and released in it: drawn from the window's edge.
                delta("lock.acquired", "alice", at(-400), Map.of("expiresAt", at(60).toString()), List.of(),
                        List.of("src/db.sql")),
                delta("task.claimed", "alice", at(-300), Map.of(), List.of("task_aaaaaaaaaaaa"), List.of()),
                delta("lock.released", "alice", at(-200), Map.of(), List.of(), List.of("src/db.sql")),
                delta("task.updated", "alice", at(-120),
                        Map.of("changes", Map.of("status", Map.of("from", "in_progress", "to", "done"))),
                        List.of("task_aaaaaaaaaaaa"), List.of()),
                delta("sync.granted", "alice", at(-100), Map.of("expiresAt", at(-90).toString()), List.of(), List.of()),
                delta("sync.completed", "alice", at(-95), Map.of("commitSha", "0123456789abcdef"), List.of(),
                        List.of()),
                delta("task.claimed", "bob", at(-60), Map.of(), List.of("task_bbbbbbbbbbbb"), List.of()),
                delta("lock.acquired", "bob", at(-50), Map.of("expiresAt", at(60).toString()), List.of(),
                        List.of("src/api/a.ts")),
                delta("lock.acquired", "bob", at(-40), Map.of("expiresAt", at(60).toString()), List.of(),
                        List.of("src/api/b.ts")),
                delta("debate.started", "carol", at(-30), Map.of(), List.of(), List.of()));
        SwimlanePicture picture = SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", plan, log, Duration.ofHours(6), NOW);

        assertThat(picture.lanes()).extracting(SwimlanePicture.Lane::session).containsExactly("alice", "bob", "carol");
        SwimlanePicture.Lane alice = row(picture, "alice");
        assertThat(alice.tasks()).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("Schema");
            assertThat(s.from()).isEqualTo(at(-300));
            assertThat(s.to()).isEqualTo(at(-120)); // done: no longer held
            assertThat(s.ongoing()).isFalse();
        });
        assertThat(alice.locks()).singleElement().satisfies(s -> {
            assertThat(s.from()).isEqualTo(NOW.minus(Duration.ofHours(6))); // began before the window
            assertThat(s.to()).isEqualTo(at(-200));
        });
        assertThat(alice.pushes()).extracting(Span::kind, Span::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("push token", "push token"),
                        org.assertj.core.groups.Tuple.tuple("push", "pushed 0123456"));
        SwimlanePicture.Lane bob = row(picture, "bob");
        assertThat(bob.tasks()).singleElement().satisfies(s -> {
            assertThat(s.ongoing()).isTrue();
            assertThat(s.toText()).isEqualTo("now");
        });
        // Two overlapping locks are one band naming both paths.
        assertThat(bob.locks()).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("2 paths: src/api/a.ts, src/api/b.ts");
            assertThat(s.ongoing()).isTrue();
        });
        assertThat(row(picture, "carol").debates()).extracting(Span::label).containsExactly("started");

        String svg = svg(picture);
        assertThat(svg).startsWith("<svg").contains("role=\"img\"",
                "aria-labelledby=\"swimlane-title swimlane-title-desc\"",
                "<title id=\"swimlane-title\">What each session did in the last 6 hours</title>",
                "3 sessions from 06:00 to 12:00 UTC")
                // Kinds told apart by pattern, dash and words, not by colour.
                .contains("url(#lane-hatch)", "url(#lane-dots)", "stroke-dasharray=\"2 2\"", ">Schema</text>",
                        "@bob held task 'API' from", "pushed 0123456 at 10:25", "file lock held")
                // Session names are keyboard-reachable links to their timeline.
                .contains("<a href=\"/ui/projects/proj_aaaaaaaaaaaaaaaa/timeline?session=alice\">");
    }

    @Test
    void namesAndLabelsAreTextNeverMarkup() {
        PlanView plan = plan(List.of(task("task_aaaaaaaaaaaa", "<script>alert(1)</script>", "in_progress", "eve")));
        List<DeltaView> log = List.of(
                delta("task.claimed", "eve", at(-10), Map.of(), List.of("task_aaaaaaaaaaaa"), List.of()),
                delta("lock.acquired", "eve", at(-5), Map.of(), List.of(), List.of("\"><img src=x>")));
        String svg = svg(SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", plan, log, Duration.ofHours(1), NOW));
        assertThat(svg).doesNotContain("<script", "<img").contains("&lt;script&gt;", "&quot;&gt;&lt;img");
    }

    @Test
    void twentySessionsAndTwoHundredTasksStayAReadableSize() {
        List<CompactTask> tasks = new ArrayList<>();
        List<DeltaView> log = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String session = "session-" + (i % 20);
            String id = "task_" + String.format("%012d", i);
            tasks.add(task(id, "Task number " + i + " with a fairly long title", i < 180 ? "done" : "in_progress",
                    session));
            Instant claimed = at(-350 + i * 1.7);
            log.add(delta("task.claimed", session, claimed, Map.of(), List.of(id), List.of()));
            log.add(delta("lock.acquired", session, claimed.plusSeconds(30), Map.of(), List.of(),
                    List.of("src/module" + i + "/file.ts")));
            log.add(delta("lock.released", session, claimed.plusSeconds(600), Map.of(), List.of(),
                    List.of("src/module" + i + "/file.ts")));
            if (i < 180) {
                log.add(delta("task.updated", session, claimed.plusSeconds(900),
                        Map.of("changes", Map.of("status", Map.of("from", "in_progress", "to", "done"))),
                        List.of(id), List.of()));
            }
            if (i % 10 == 0) {
                log.add(delta("sync.granted", session, claimed.plusSeconds(910), Map.of(), List.of(), List.of()));
                log.add(delta("sync.completed", session, claimed.plusSeconds(950), Map.of("commitSha", "abcdef1"),
                        List.of(), List.of()));
            }
        }
        log.sort(java.util.Comparator.comparing(DeltaView::at));
        long started = System.nanoTime();
        SwimlanePicture picture = SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", plan(tasks), log, Duration.ofHours(6),
                NOW);
        String svg = svg(picture);
        long micros = (System.nanoTime() - started) / 1000;
        System.out.printf("[measure] swimlane, 20 sessions, %d deltas: %d bytes of SVG, %d x %d px, render %d µs%n",
                log.size(), svg.length(), picture.width(), picture.height(), micros);

        assertThat(picture.lanes()).hasSize(20);
        assertThat(picture.count("task")).isEqualTo(200);
        assertThat(picture.count("push")).isEqualTo(20);
        assertThat(count(svg, "<g class=\"lane\"")).isEqualTo(20);
        assertThat(count(svg, "<g class=\"span task")).isEqualTo(200);
        assertThat(picture.lanes()).allSatisfy(r -> assertThat(r.tasks()).hasSize(10));
        assertThat(picture.height()).isLessThan(1500);
        assertThat(picture.width()).isLessThan(1100);
        assertThat(svg.length()).isLessThan(400_000);
    }

    private static SwimlanePicture.Lane row(SwimlanePicture picture, String session) {
        return picture.lanes().stream().filter(r -> r.session().equals(session)).findFirst().orElseThrow();
    }

    private String svg(SwimlanePicture picture) {
        return engine.getTemplate("tags/swimlaneSvg").data("swimlane", picture).render();
    }

    private static Instant at(double minutes) {
        return NOW.plusSeconds((long) (minutes * 60));
    }

    private DeltaView delta(String type, String actor, Instant at, Map<String, Object> data, List<String> taskIds,
            List<String> paths) {
        return new DeltaView(++seq, type, actor, at, type, data, taskIds, paths);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static PlanView plan(List<CompactTask> tasks) {
        return new PlanView(List.of(new PhaseView("phase_aaaaaaaaaaaa", "Build", 0, "in_progress", tasks)));
    }

    static CompactTask task(String id, String title, String status, String assignee) {
        return new CompactTask(id, 0, title, status, assignee, 2, List.of(), List.of(), 0);
    }
}
