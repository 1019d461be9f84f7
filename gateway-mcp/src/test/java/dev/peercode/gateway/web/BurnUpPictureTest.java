package dev.peercode.gateway.web;

import static dev.peercode.gateway.web.SwimlanePictureTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.api.planner.HistoryDtos.TaskDates;
import dev.peercode.api.planner.HistoryDtos.TaskHistory;
import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import io.quarkus.qute.Engine;
import io.quarkus.test.junit.QuarkusTest;

/** The model, and the picture as its tag template draws it (with Quarkus' HTML escaping). */
@QuarkusTest
class BurnUpPictureTest {

    @Inject
    Engine engine;

    private static final Instant START = Instant.parse("2026-12-01T06:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void doneAndPlannedPerPhaseFollowThePlannersDates() {
        PlanView plan = new PlanView(List.of(
                new PhaseView("phase_aaaaaaaaaaaa", "Design", 0, "done", List.of(
                        task("task_aaaaaaaaaaaa", "done"), task("task_bbbbbbbbbbbb", "done"))),
                new PhaseView("phase_bbbbbbbbbbbb", "Build", 1, "in_progress", List.of(
                        task("task_cccccccccccc", "done"), task("task_dddddddddddd", "todo"),
                        task("task_eeeeeeeeeeee", "cancelled")))));
        // The planner's dates: reopened b counts from its last done, c was done through a plan revision.
        TaskHistory history = new TaskHistory(List.of(
                dates("task_aaaaaaaaaaaa", "phase_aaaaaaaaaaaa", hours(0), hours(1)),
                dates("task_bbbbbbbbbbbb", "phase_aaaaaaaaaaaa", hours(0), hours(3)),
                dates("task_cccccccccccc", "phase_bbbbbbbbbbbb", hours(2), hours(5)),
                dates("task_dddddddddddd", "phase_bbbbbbbbbbbb", hours(2), null)));
        BurnUpPicture picture = BurnUpPicture.of("proj_aaaaaaaaaaaaaaaa", START, plan, history, NOW);

        assertThat(picture.phases()).isEqualTo(2);
        assertThat(picture.scope()).isEqualTo(4); // the planner leaves the cancelled task out
        assertThat(picture.done()).isEqualTo(3);
        assertThat(picture.axis().ticks()).extracting(TimeAxis.Tick::time).containsExactly("06:00", "07:00", "08:00", "09:00",
                "10:00", "11:00", "12:00");
        assertThat(picture.panels()).extracting(BurnUpPicture.Panel::name, BurnUpPicture.Panel::scope,
                BurnUpPicture.Panel::done, BurnUpPicture.Panel::doneAtTicks).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("All phases", 4, 3, List.of(0, 1, 1, 2, 2, 3, 3)),
                        org.assertj.core.groups.Tuple.tuple("Design", 2, 2, List.of(0, 1, 1, 2, 2, 2, 2)),
                        org.assertj.core.groups.Tuple.tuple("Build", 2, 1, List.of(0, 0, 0, 0, 0, 1, 1)));

        String svg = svg(picture);
        assertThat(svg).startsWith("<svg").contains("role=\"img\"",
                "aria-labelledby=\"burnup-title burnup-title-desc\"",
                "<title id=\"burnup-title\">Tasks done over time, per phase</title>",
                "3 of 4 tasks done from 06:00 to 12:00 UTC",
                "Design: 2 of 2 done.", "Build: 1 of 2 done.")
                // Planned and done told apart by dash, hatching and words.
                .contains("stroke-dasharray=\"6 4\"", "url(#burnup-hatch)", ">2 planned</text>", ">1 done</text>")
                .contains("<a href=\"/ui/projects/proj_aaaaaaaaaaaaaaaa#col-phase_bbbbbbbbbbbb\">");
        assertThat(count(svg, "<g class=\"phase-panel\"")).isEqualTo(3);
    }

    @Test
    void phaseNamesAreTextNeverMarkup() {
        PlanView plan = new PlanView(List.of(new PhaseView("phase_aaaaaaaaaaaa", "<script>x</script>", 0, "todo",
                List.of(task("task_aaaaaaaaaaaa", "todo")))));
        String svg = svg(BurnUpPicture.of("proj_aaaaaaaaaaaaaaaa", START, plan,
                new TaskHistory(List.of(dates("task_aaaaaaaaaaaa", "phase_aaaaaaaaaaaa", START, null))), NOW));
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;");
    }

    @Test
    void twoHundredTasksInTwentyPhasesStayAReadableSize() {
        List<PhaseView> phases = new ArrayList<>();
        List<TaskDates> dates = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            List<CompactTask> tasks = new ArrayList<>();
            String phase = "phase_" + String.format("%012d", p);
            for (int i = 0; i < 10; i++) {
                int n = p * 10 + i;
                String id = "task_" + String.format("%012d", n);
                tasks.add(task(id, n % 3 == 0 ? "todo" : "done"));
                dates.add(dates(id, phase, hours(n * 0.01), n % 3 == 0 ? null : hours(2 + n * 0.015)));
            }
            phases.add(new PhaseView(phase, "Phase " + p, p, "in_progress", tasks));
        }
        long started = System.nanoTime();
        BurnUpPicture picture = BurnUpPicture.of("proj_aaaaaaaaaaaaaaaa", START, new PlanView(phases),
                new TaskHistory(dates), NOW);
        String svg = svg(picture);
        long micros = (System.nanoTime() - started) / 1000;
        System.out.printf("[measure] burn-up, 200 tasks in 20 phases: %d bytes of SVG, %d x %d px, render %d µs%n",
                svg.length(), picture.width(), picture.height(), micros);

        assertThat(picture.scope()).isEqualTo(200);
        assertThat(picture.done()).isEqualTo(133);
        assertThat(picture.panels()).hasSize(21);
        assertThat(picture.panels().get(0).doneAtTicks()).isSorted().endsWith(133);
        assertThat(count(svg, "<g class=\"phase-panel\"")).isEqualTo(21);
        assertThat(picture.width()).isLessThan(1100);
        assertThat(picture.height()).isLessThan(2200);
        assertThat(svg.length()).isLessThan(400_000);
    }

    private String svg(BurnUpPicture picture) {
        return engine.getTemplate("tags/burnupSvg").data("burnup", picture).render();
    }

    private static Instant hours(double h) {
        return START.plusSeconds((long) (h * 3600));
    }

    private static TaskDates dates(String taskId, String phaseId, Instant created, Instant done) {
        return new TaskDates(taskId, phaseId, created, done);
    }

    private static CompactTask task(String id, String status) {
        return new CompactTask(id, 0, id, status, null, 2, List.of(), List.of(), 0);
    }
}
