package dev.peercode.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import io.quarkus.qute.Engine;
import io.quarkus.test.junit.QuarkusTest;

/** The model, and the picture as its tag template draws it (with Quarkus' HTML escaping). */
@QuarkusTest
class DependencyPictureTest {

    @Inject
    Engine engine;

    @Test
    void columnsFollowDependencyDepthAndTheCriticalPathIsTheLongestUnfinishedChain() {
        PlanView plan = plan(List.of(
                task("task_aaaaaaaaaaaa", "Schema", "done", List.of()),
                task("task_bbbbbbbbbbbb", "API", "in_progress", List.of("task_aaaaaaaaaaaa")),
                task("task_cccccccccccc", "UI", "todo", List.of("task_bbbbbbbbbbbb")),
                task("task_dddddddddddd", "Docs", "todo", List.of("task_aaaaaaaaaaaa")),
                task("task_eeeeeeeeeeee", "Release", "todo", List.of("task_cccccccccccc", "task_dddddddddddd"))));
        DependencyPicture picture = DependencyPicture.of(plan);

        assertThat(picture.levels()).isEqualTo(4);
        // Schema is done: the chain of work left is API -> UI -> Release.
        assertThat(picture.criticalTitles()).containsExactly("API", "UI", "Release");
        assertThat(picture.waiting()).isEqualTo(2); // UI waits for API, Release for UI and Docs
        assertThat(picture.rows()).filteredOn(r -> r.title().equals("Release")).singleElement()
                .satisfies(r -> {
                    assertThat(r.depth()).isEqualTo(3);
                    assertThat(r.waitsFor()).containsExactlyInAnyOrder("UI", "Docs");
                    assertThat(r.critical()).isTrue();
                });
        assertThat(picture.rows()).filteredOn(r -> r.title().equals("Schema")).singleElement()
                .satisfies(r -> assertThat(r.blocks()).containsExactlyInAnyOrder("API", "Docs"));

        String svg = svg(picture);
        assertThat(svg).startsWith("<svg").contains("role=\"img\"",
                "aria-labelledby=\"graph-title graph-title-desc\"", "<title id=\"graph-title\">Task dependency graph</title>",
                "Critical path (3 tasks): API → UI → Release")
                // Meaning in text and line style, not colour only.
                .contains("in progress · @alice · critical", "stroke-dasharray=\"5 4\"", "level 0: waits for nothing");
        assertThat(count(svg, "class=\"node ")).isEqualTo(5);
        assertThat(count(svg, "<path class=\"edge")).isEqualTo(5);
        assertThat(count(svg, "edge blocking critical")).isEqualTo(2);
    }

    @Test
    void titlesAreTextNeverMarkup() {
        DependencyPicture picture = DependencyPicture.of(plan(List.of(
                task("task_aaaaaaaaaaaa", "<script>alert(1)</script>", "todo", List.of()),
                task("task_bbbbbbbbbbbb", "\"><img src=x onerror=alert(1)>", "todo", List.of("task_aaaaaaaaaaaa")))));
        String svg = svg(picture);
        assertThat(svg).doesNotContain("<script", "<img").contains("&lt;script&gt;", "&quot;&gt;&lt;img");
    }

    @Test
    void twoHundredTasksStayAReadableSize() {
        List<CompactTask> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Ten chains of twenty: twenty levels, ten tasks each.
            List<String> on = i % 20 == 0 ? List.of() : List.of(id(i - 1));
            tasks.add(task(id(i), "Task number " + i + " with a fairly long title", i % 3 == 0 ? "done" : "todo", on));
        }
        long started = System.nanoTime();
        DependencyPicture picture = DependencyPicture.of(plan(tasks));
        String svg = svg(picture);
        long cold = (System.nanoTime() - started) / 1000;
        started = System.nanoTime();
        svg(DependencyPicture.of(plan(tasks)));
        long warm = (System.nanoTime() - started) / 1000;
        System.out.printf("[measure] dependency graph, 200 tasks: %d bytes of SVG, %d x %d px, first render %d µs,"
                + " second %d µs%n", svg.length(), picture.width(), picture.height(), cold, warm);
        assertThat(count(svg, "class=\"node ")).isEqualTo(200);
        assertThat(picture.levels()).isEqualTo(20);
        assertThat(picture.height()).isLessThan(1000);
        assertThat(svg.length()).isLessThan(400_000);

        // Two hundred tasks without dependencies wrap into columns of at most MAX_ROWS.
        List<CompactTask> flat = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flat.add(task(id(i), "t" + i, "todo", List.of()));
        }
        DependencyPicture wide = DependencyPicture.of(plan(flat));
        assertThat(wide.height()).isLessThan(DependencyPicture.MAX_ROWS * 70);
        assertThat(wide.width()).isLessThan(200 / DependencyPicture.MAX_ROWS * 300 + 100);
    }

    private String svg(DependencyPicture picture) {
        return engine.getTemplate("tags/graphSvg").data("graph", picture).render();
    }

    private static String id(int i) {
        return "task_" + String.format("%012d", i);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static PlanView plan(List<CompactTask> tasks) {
        return new PlanView(List.of(new PhaseView("phase_aaaaaaaaaaaa", "Build", 0, "in_progress", tasks)));
    }

    private static CompactTask task(String id, String title, String status, List<String> dependsOn) {
        return new CompactTask(id, 0, title, status, status.equals("in_progress") ? "alice" : null, 2, List.of(),
                dependsOn, 0);
    }
}
