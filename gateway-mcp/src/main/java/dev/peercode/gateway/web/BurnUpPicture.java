package dev.peercode.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

import dev.peercode.api.planner.HistoryDtos.TaskDates;
import dev.peercode.api.planner.HistoryDtos.TaskHistory;
import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.PhaseView;

/**
 * Tasks done over time per phase, as server-rendered SVG small multiples ({@code tags/burnupSvg.html} draws them):
 * one panel for the whole plan, then one per phase, each with a dashed step line for the scope (tasks created so
 * far, cancelled ones left out) and a solid step line over a hatched area for the tasks done, both labelled with
 * their count, so the picture reads without colour. When each task was created and done is the planner's answer
 * ({@code GET …/history/tasks}, derived from its log); the phases and their order come from the current plan. The
 * panels are also the rows of its text alternative (counts at each tick
 * of the time axis).
 */
public final class BurnUpPicture {

    private static final int LABEL_WIDTH = 170;
    private static final int PLOT_WIDTH = 800;
    /** The right end of the plot leaves room for the "N planned" / "N done" labels. */
    private static final int LABELS_WIDTH = 80;
    private static final int PANEL_HEIGHT = 96;
    private static final int PLOT_HEIGHT = 70;
    private static final int AXIS = 26;

    record Dated(Instant created, Instant done) {
    }

    /** One panel, and its row in the text alternative: a phase's tasks (or all of them) and where it stands. */
    public record Panel(String phaseId, String name, List<Dated> tasks, int top, TimeAxis axis) {

        int scopeAt(Instant at) {
            return count(t -> !t.created().isAfter(at));
        }

        int doneAt(Instant at) {
            return count(t -> t.done() != null && !t.done().isAfter(at));
        }

        public int scope() {
            return tasks.size();
        }

        public int done() {
            return count(t -> t.done() != null);
        }

        public List<Integer> doneAtTicks() {
            return axis.ticks().stream().map(tick -> doneAt(tick.at())).toList();
        }

        public String shortName() {
            return name.length() <= 24 ? name : name.substring(0, 23) + "…";
        }

        /** The panel's baseline: no tasks. */
        public int base() {
            return top + PLOT_HEIGHT + 8;
        }

        public String scopeLine() {
            return steps(this::scopeAt);
        }

        public String doneLine() {
            return steps(this::doneAt);
        }

        /** The "N planned" label: at the top of the plot, where the scope line ends. */
        public int plannedLabelY() {
            return base() - PLOT_HEIGHT + 4;
        }

        /** The "N done" label: beside the end of its line, never below the baseline. */
        public int doneLabelY() {
            return Math.min(base(), y(done()) + 14);
        }

        private int y(int tasksCounted) {
            return base() - tasksCounted * PLOT_HEIGHT / Math.max(1, scope());
        }

        /** A step line through every change, so it is exact, not sampled. */
        private String steps(ToIntFunction<Instant> countAt) {
            List<Instant> changes = new ArrayList<>(List.of(axis.start(), axis.now()));
            tasks.forEach(t -> {
                changes.add(t.created());
                if (t.done() != null) {
                    changes.add(t.done());
                }
            });
            changes.sort(null);
            StringBuilder d = new StringBuilder();
            int lastY = -1;
            for (Instant at : changes) {
                int y = y(countAt.applyAsInt(at));
                d.append(d.isEmpty() ? "M" + axis.x(at) + "," + y : y == lastY ? "" : " H" + axis.x(at) + " V" + y);
                lastY = y;
            }
            return d.append(" H").append(axis.end()).toString();
        }

        private int count(Predicate<Dated> which) {
            return (int) tasks.stream().filter(which).count();
        }
    }

    private final String projectId;
    private final TimeAxis axis;
    private final List<Panel> panels = new ArrayList<>();

    private BurnUpPicture(String projectId, Instant projectCreated, PlanView plan, TaskHistory history, Instant now) {
        this.projectId = projectId;
        Map<String, List<Dated>> datedByPhase = new HashMap<>();
        Instant first = projectCreated == null ? now : projectCreated;
        for (TaskDates t : history.tasks()) {
            datedByPhase.computeIfAbsent(t.phaseId(), k -> new ArrayList<>()).add(new Dated(t.createdAt(), t.doneAt()));
            if (t.createdAt().isBefore(first)) {
                first = t.createdAt();
            }
        }
        List<List<Dated>> byPhase = new ArrayList<>();
        List<Dated> all = new ArrayList<>();
        for (PhaseView phase : plan.phases()) {
            List<Dated> dated = datedByPhase.getOrDefault(phase.id(), List.of());
            byPhase.add(dated);
            all.addAll(dated);
        }
        Instant start = first.isBefore(now) ? first : now.minusSeconds(60);
        // The axis' seven times stay distinct: seconds for a young project, the day for an old one.
        Duration span = Duration.between(start, now);
        DateTimeFormatter format = DateTimeFormatter
                .ofPattern(span.toHours() >= 24 ? "MMM d HH:mm" : span.toMinutes() < 60 ? "HH:mm:ss" : "HH:mm")
                .withZone(ZoneOffset.UTC);
        int top = TimeAxis.MARGIN + AXIS;
        this.axis = new TimeAxis(start, now, TimeAxis.MARGIN + LABEL_WIDTH, PLOT_WIDTH - LABELS_WIDTH, top,
                top + (byPhase.size() + 1) * PANEL_HEIGHT, format);
        panels.add(new Panel(null, "All phases", all, top, axis));
        for (int i = 0; i < byPhase.size(); i++) {
            PhaseView phase = plan.phases().get(i);
            panels.add(new Panel(phase.id(), phase.name(), byPhase.get(i), top + (i + 1) * PANEL_HEIGHT, axis));
        }
    }

    /** {@code history}: the planner's dates of the plan's tasks; {@code plan}: its phases, in order. */
    static BurnUpPicture of(String projectId, Instant projectCreated, PlanView plan, TaskHistory history, Instant now) {
        return new BurnUpPicture(projectId, projectCreated, plan, history, now);
    }

    public String projectId() {
        return projectId;
    }

    public TimeAxis axis() {
        return axis;
    }

    /** The whole plan first, then one per phase. */
    public List<Panel> panels() {
        return panels;
    }

    public int phases() {
        return panels.size() - 1;
    }

    public int scope() {
        return panels.get(0).scope();
    }

    public int done() {
        return panels.get(0).done();
    }

    public int width() {
        return 2 * TimeAxis.MARGIN + LABEL_WIDTH + PLOT_WIDTH;
    }

    public int height() {
        return axis.bottom() + TimeAxis.MARGIN;
    }
}
