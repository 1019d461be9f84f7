package dev.peercode.gateway.web;

import static dev.peercode.gateway.web.Svg.escape;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.rules.tasks.TaskStatus;
import io.quarkus.qute.RawString;

/**
 * Tasks done over time per phase, as server-rendered SVG small multiples: one panel for the whole plan, then
 * one per phase, each with a dashed step line for the scope (tasks created so far, cancelled ones left out) and
 * a solid step line over a hatched area for the tasks done, both labelled with their count, so the picture reads
 * without colour. When a task was created and done comes from the delta log ({@code task.created},
 * {@code task.updated} to {@code done}, {@code plan.revised}); the phase and today's status come from the
 * current plan. {@link #rows()} is its text alternative (counts at each tick of the time axis).
 */
public final class BurnUpPicture {

    /** The delta types this picture reads. */
    static final String TYPES = "task.created,task.updated,plan.revised";

    static final int LABEL_WIDTH = 170;
    static final int PLOT_WIDTH = 800;
    static final int PANEL_HEIGHT = 96;
    private static final int PLOT_HEIGHT = 70;
    private static final int MARGIN = 16;
    private static final int AXIS = 26;
    static final int TICKS = 6;

    /** One panel in the text alternative: scope and done now, and done at each tick. */
    public record Row(String phaseId, String name, int scope, int done, List<Integer> doneAtTicks) {
    }

    private record Dated(Instant created, Instant done) {
    }

    private final String projectId;
    private final Instant start;
    private final Instant now;
    private final DateTimeFormatter format;
    private final List<Panel> panels = new ArrayList<>();

    private record Panel(String phaseId, String name, List<Dated> tasks) {

        int scopeAt(Instant at) {
            return (int) tasks.stream().filter(t -> !t.created().isAfter(at)).count();
        }

        int doneAt(Instant at) {
            return (int) tasks.stream().filter(t -> t.done() != null && !t.done().isAfter(at)).count();
        }

        int scope() {
            return tasks.size();
        }

        int done() {
            return (int) tasks.stream().filter(t -> t.done() != null).count();
        }
    }

    private BurnUpPicture(String projectId, Instant projectCreated, PlanView plan, List<DeltaView> deltas,
            Instant now) {
        this.projectId = projectId;
        this.now = now;
        Map<String, Instant> created = new HashMap<>();
        Map<String, Instant> doneAt = new HashMap<>();
        Map<String, Instant> revised = new HashMap<>();
        for (DeltaView d : deltas) {
            for (String id : d.taskIds() == null ? List.<String> of() : d.taskIds()) {
                created.putIfAbsent(id, d.at()); // the first delta naming a task made it (created or revised in)
                if (d.type().equals("plan.revised")) {
                    revised.put(id, d.at());
                } else if (d.type().equals("task.updated") && toDone(d.data())) {
                    doneAt.put(id, d.at());
                }
            }
        }
        Instant first = projectCreated == null ? now : projectCreated;
        List<Dated> all = new ArrayList<>();
        for (PhaseView phase : plan.phases()) {
            List<Dated> dated = new ArrayList<>();
            for (CompactTask t : phase.tasks()) {
                if (t.status().equals(TaskStatus.CANCELLED)) {
                    continue; // not part of the work any more
                }
                Instant made = created.getOrDefault(t.id(), first);
                Instant done = !t.status().equals(TaskStatus.DONE) ? null
                        // Done through a plan revision (or an import) when no update says when: its last revision.
                        : doneAt.getOrDefault(t.id(), revised.getOrDefault(t.id(), made));
                dated.add(new Dated(made, done != null && done.isBefore(made) ? made : done));
                if (made.isBefore(first)) {
                    first = made;
                }
            }
            panels.add(new Panel(phase.id(), phase.name(), dated));
            all.addAll(dated);
        }
        panels.add(0, new Panel(null, "All phases", all));
        this.start = first.isBefore(now) ? first : now.minusSeconds(60);
        // The axis' seven times stay distinct: seconds for a young project, the day for an old one.
        Duration span = Duration.between(start, now);
        this.format = DateTimeFormatter
                .ofPattern(span.toHours() >= 24 ? "MMM d HH:mm" : span.toMinutes() < 60 ? "HH:mm:ss" : "HH:mm")
                .withZone(ZoneOffset.UTC);
    }

    /** {@code deltas}: the log's entries of {@link #TYPES} in seq order. */
    static BurnUpPicture of(String projectId, Instant projectCreated, PlanView plan, List<DeltaView> deltas,
            Instant now) {
        return new BurnUpPicture(projectId, projectCreated, plan, deltas, now);
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

    /** The tick times of the time axis, as the table's column headers. */
    public List<String> ticks() {
        return tickTimes().stream().map(format::format).toList();
    }

    public List<Row> rows() {
        List<Instant> ticks = tickTimes();
        return panels.stream().map(p -> new Row(p.phaseId(), p.name(), p.scope(), p.done(),
                ticks.stream().map(p::doneAt).toList())).toList();
    }

    public int width() {
        return 2 * MARGIN + LABEL_WIDTH + PLOT_WIDTH;
    }

    public int height() {
        return 2 * MARGIN + AXIS + panels.size() * PANEL_HEIGHT;
    }

    public RawString svg(String titleId) {
        StringBuilder svg = Svg.open(4096 + panels.size() * 3000, "burnup", width(), height(), titleId,
                "Tasks done over time, per phase", description());
        svg.append("<defs><pattern id=\"burnup-hatch\" width=\"6\" height=\"6\"")
                .append(" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\"")
                .append(" height=\"6\" class=\"hatch-bg\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"")
                .append(" stroke=\"currentColor\" stroke-width=\"1\"/></pattern></defs>");
        axis(svg);
        for (int i = 0; i < panels.size(); i++) {
            panel(svg, i, panels.get(i));
        }
        return new RawString(svg.append("</svg>").toString());
    }

    private String description() {
        StringBuilder d = new StringBuilder().append(done()).append(" of ").append(scope())
                .append(" tasks done from ").append(format.format(start)).append(" to ").append(format.format(now))
                .append(" UTC. Dashed line: tasks planned so far; solid line over hatching: tasks done.");
        panels.stream().skip(1).forEach(p -> d.append(' ').append(p.name()).append(": ").append(p.done())
                .append(" of ").append(p.scope()).append(" done."));
        return d.toString();
    }

    private void axis(StringBuilder svg) {
        int bottom = MARGIN + AXIS + panels.size() * PANEL_HEIGHT;
        svg.append("<g class=\"axis\">");
        List<Instant> ticks = tickTimes();
        for (int i = 0; i < ticks.size(); i++) {
            int x = x(ticks.get(i));
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(MARGIN + AXIS - 4).append("\" x2=\"")
                    .append(x).append("\" y2=\"").append(bottom).append("\" stroke=\"currentColor\"")
                    .append(" stroke-width=\"0.4\" class=\"grid\"/><text x=\"").append(x).append("\" y=\"")
                    .append(MARGIN + AXIS - 10).append("\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == TICKS ? "end" : "middle").append("\">")
                    .append(i == TICKS ? "now " : "").append(format.format(ticks.get(i))).append("</text>");
        }
        svg.append("<text x=\"").append(MARGIN).append("\" y=\"").append(MARGIN + AXIS - 10)
                .append("\" class=\"level\">phase (UTC)</text></g>");
    }

    private void panel(StringBuilder svg, int index, Panel p) {
        int top = MARGIN + AXIS + index * PANEL_HEIGHT;
        int base = top + PLOT_HEIGHT + 8;
        int max = Math.max(1, p.scope());
        svg.append("<g class=\"phase-panel\"").append(p.phaseId() == null ? " data-phase=\"all\""
                : " data-phase=\"" + escape(p.phaseId()) + "\"").append('>');
        svg.append("<line x1=\"").append(MARGIN).append("\" y1=\"").append(base).append("\" x2=\"")
                .append(width() - MARGIN).append("\" y2=\"").append(base)
                .append("\" stroke=\"currentColor\" stroke-width=\"0.6\"/>");
        String name = p.name().length() <= 24 ? p.name() : p.name().substring(0, 23) + "…";
        if (p.phaseId() == null) {
            svg.append("<text x=\"").append(MARGIN).append("\" y=\"").append(top + 22)
                    .append("\" class=\"session-name\">").append(escape(name)).append("</text>");
        } else {
            svg.append("<a href=\"/ui/projects/").append(escape(projectId)).append("#col-").append(escape(p.phaseId()))
                    .append("\"><text x=\"").append(MARGIN).append("\" y=\"").append(top + 22)
                    .append("\" class=\"session-name\">").append(escape(name)).append("</text></a>");
        }
        svg.append("<text x=\"").append(MARGIN).append("\" y=\"").append(top + 40).append("\" class=\"task-meta\">")
                .append(p.done()).append(" of ").append(p.scope()).append(" done</text>");
        // Steps at every change, so a line is exact, not sampled.
        List<Instant> changes = new ArrayList<>();
        changes.add(start);
        p.tasks().forEach(t -> {
            changes.add(t.created());
            if (t.done() != null) {
                changes.add(t.done());
            }
        });
        changes.add(now);
        changes.sort(null);
        StringBuilder scope = new StringBuilder();
        StringBuilder done = new StringBuilder();
        int lastScopeY = -1;
        int lastDoneY = -1;
        for (Instant at : changes) {
            int x = x(at);
            int sy = base - p.scopeAt(at) * PLOT_HEIGHT / max;
            int dy = base - p.doneAt(at) * PLOT_HEIGHT / max;
            scope.append(scope.isEmpty() ? "M" + x + "," + sy : (sy == lastScopeY ? "" : " H" + x + " V" + sy));
            done.append(done.isEmpty() ? "M" + x + "," + dy : (dy == lastDoneY ? "" : " H" + x + " V" + dy));
            lastScopeY = sy;
            lastDoneY = dy;
        }
        int end = x(now);
        scope.append(" H").append(end);
        done.append(" H").append(end);
        svg.append("<path class=\"done-area\" d=\"").append(done).append(" V").append(base).append(" H").append(x(start))
                .append(" Z\" fill=\"url(#burnup-hatch)\" stroke=\"none\"/>")
                .append("<path class=\"scope-line\" d=\"").append(scope)
                .append("\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\">")
                .append("<title>").append(escape(p.name())).append(": ").append(p.scope())
                .append(" tasks planned</title></path><path class=\"done-line\" d=\"").append(done)
                .append("\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"><title>")
                .append(escape(p.name())).append(": ").append(p.done()).append(" done</title></path>")
                .append("<text x=\"").append(end + 4).append("\" y=\"").append(base - max * PLOT_HEIGHT / max + 4)
                .append("\" class=\"task-meta\">").append(p.scope()).append(" planned</text>")
                .append("<text x=\"").append(end + 4)
                .append("\" y=\"").append(Math.min(base, base - p.done() * PLOT_HEIGHT / max + 14))
                .append("\" class=\"task-meta\">").append(p.done()).append(" done</text></g>");
    }

    private List<Instant> tickTimes() {
        List<Instant> ticks = new ArrayList<>();
        for (int i = 0; i <= TICKS; i++) {
            ticks.add(start.plus(Duration.between(start, now).multipliedBy(i).dividedBy(TICKS)));
        }
        return ticks;
    }

    private int x(Instant at) {
        long total = Math.max(1, Duration.between(start, now).toMillis());
        long offset = Math.max(0, Math.min(total, Duration.between(start, at).toMillis()));
        // The right edge leaves room for the "N planned" / "N done" labels.
        return MARGIN + LABEL_WIDTH + (int) (offset * (PLOT_WIDTH - 80) / total);
    }

    private static boolean toDone(Map<String, Object> data) {
        return data != null && data.get("changes") instanceof Map<?, ?> changes
                && changes.get("status") instanceof Map<?, ?> status && TaskStatus.DONE.equals(status.get("to"));
    }
}
