package dev.peercode.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.SessionSpan;
import dev.peercode.gateway.web.SwimlanePicture.Span;
import io.quarkus.qute.Engine;
import io.quarkus.test.junit.QuarkusTest;

/** The model, and the picture as its tag template draws it (with Quarkus' HTML escaping). */
@QuarkusTest
class SwimlanePictureTest {

    @Inject
    Engine engine;

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void lanesDrawWhatThePlannerSaysEachSessionHeld() {
        SwimlanePicture picture = SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", 6, history(Duration.ofHours(6),
                span("alice", "lock", NOW.minus(Duration.ofHours(6)), at(-200), null, List.of("src/db.sql"), false),
                span("alice", "task", at(-300), at(-120), "Schema", List.of(), false),
                span("alice", "token", at(-100), at(-95), null, List.of(), false),
                span("alice", "push", at(-95), at(-95), "0123456789abcdef", List.of(), false),
                span("bob", "task", at(-60), NOW, "API", List.of(), true),
                span("bob", "lock", at(-50), NOW, null, List.of("src/api/a.ts", "src/api/b.ts"), true),
                span("carol", "debate", at(-30), at(-30), "started", List.of(), false)));

        assertThat(picture.lanes()).extracting(SwimlanePicture.Lane::session).containsExactly("alice", "bob", "carol");
        SwimlanePicture.Lane alice = row(picture, "alice");
        assertThat(alice.tasks()).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("Schema");
            assertThat(s.toText()).isEqualTo("10:00");
        });
        assertThat(alice.locks()).singleElement().extracting(Span::label).isEqualTo("src/db.sql");
        assertThat(alice.pushes()).extracting(Span::kind, Span::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("push token", "push token"),
                        org.assertj.core.groups.Tuple.tuple("push", "pushed 0123456"));
        SwimlanePicture.Lane bob = row(picture, "bob");
        assertThat(bob.tasks()).singleElement().satisfies(s -> {
            assertThat(s.ongoing()).isTrue();
            assertThat(s.toText()).isEqualTo("now");
        });
        // A joined lock span names its paths (by count when several).
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

    /**
     * The planner answers for its own clock: a gateway a little ahead of it gets a window a few milliseconds short of
     * the hours asked for, and the page still says, and refreshes with, the hours asked for.
     */
    @Test
    void theWindowIsTheOneAskedForWhateverThePlannersClock() {
        SwimlanePicture picture = SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", 1,
                new SessionHistory(NOW.minus(Duration.ofHours(1)), NOW.minusMillis(40), List.of()));
        assertThat(picture.hours()).isEqualTo(1);
        assertThat(svg(picture)).contains("in the last 1 hours");
    }

    @Test
    void namesAndLabelsAreTextNeverMarkup() {
        String svg = svg(SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", 1, history(Duration.ofHours(1),
                span("eve", "task", at(-10), NOW, "<script>alert(1)</script>", List.of(), true),
                span("eve", "lock", at(-5), NOW, null, List.of("\"><img src=x>"), true))));
        assertThat(svg).doesNotContain("<script", "<img").contains("&lt;script&gt;", "&quot;&gt;&lt;img");
    }

    @Test
    void twentySessionsAndTwoHundredTasksStayAReadableSize() {
        List<SessionSpan> spans = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String session = "session-" + (i % 20);
            Instant claimed = at(-350 + i * 1.7);
            boolean done = i < 180;
            spans.add(span(session, "task", claimed, done ? claimed.plusSeconds(900) : NOW,
                    "Task number " + i + " with a fairly long title", List.of(), !done));
            spans.add(span(session, "lock", claimed.plusSeconds(30), claimed.plusSeconds(600), null,
                    List.of("src/module" + i + "/file.ts"), false));
            if (i % 10 == 0) {
                spans.add(span(session, "token", claimed.plusSeconds(910), claimed.plusSeconds(950), null, List.of(),
                        false));
                spans.add(span(session, "push", claimed.plusSeconds(950), claimed.plusSeconds(950), "abcdef1",
                        List.of(), false));
            }
        }
        long started = System.nanoTime();
        SwimlanePicture picture = SwimlanePicture.of("proj_aaaaaaaaaaaaaaaa", 6,
                history(Duration.ofHours(6), spans.toArray(SessionSpan[]::new)));
        String svg = svg(picture);
        long micros = (System.nanoTime() - started) / 1000;
        System.out.printf("[measure] swimlane, 20 sessions, %d spans: %d bytes of SVG, %d x %d px, render %d µs%n",
                spans.size(), svg.length(), picture.width(), picture.height(), micros);

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

    private static SessionHistory history(Duration window, SessionSpan... spans) {
        return new SessionHistory(NOW.minus(window), NOW, List.of(spans));
    }

    private static SessionSpan span(String session, String kind, Instant from, Instant to, String label,
            List<String> paths, boolean ongoing) {
        return new SessionSpan(session, kind, from, to, kind.equals("task") ? "task_aaaaaaaaaaaa" : null, label,
                paths, ongoing);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
