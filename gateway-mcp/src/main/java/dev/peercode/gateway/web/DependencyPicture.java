package dev.peercode.gateway.web;

import static dev.peercode.gateway.web.Svg.escape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.rules.tasks.TaskStatus;
import io.quarkus.qute.RawString;

/**
 * The task dependency graph as server-rendered SVG: one column per dependency depth (a task stands right of
 * everything it waits for), arrows from a dependency to the tasks it blocks — solid while it is unfinished,
 * dashed once it is done —, and the critical path (the longest chain of unfinished work) drawn with a double
 * border, thick arrows and the word "critical". Everything is said in text too (status, assignee,
 * "waits for"), so the picture reads without colour; {@link #rows()} is its text alternative.
 */
public final class DependencyPicture {

    static final int BOX_WIDTH = 220;
    static final int BOX_HEIGHT = 46;
    private static final int COLUMN_GAP = 70;
    private static final int ROW_GAP = 14;
    private static final int MARGIN = 24;
    private static final int HEADER = 28;
    /** A depth with more tasks than this continues in the next column, so 200 tasks stay a readable shape. */
    static final int MAX_ROWS = 20;
    private static final int TITLE_CHARS = 30;

    /** One task in the text alternative. */
    public record Row(String id, String title, String status, String assignee, int depth, boolean critical,
            List<String> waitsFor, List<String> blocks) {
    }

    private final Map<String, CompactTask> tasks = new LinkedHashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();
    private final List<String> critical;
    private final Set<String> onCriticalPath;
    private final Map<String, int[]> position = new HashMap<>();
    private final int columns;
    private final int rowsUsed;

    private DependencyPicture(PlanView plan) {
        for (PhaseView phase : plan.phases()) {
            for (CompactTask task : phase.tasks()) {
                tasks.put(task.id(), task);
            }
        }
        tasks.keySet().forEach(id -> depthOf(id, new HashSet<>()));
        critical = criticalPath();
        onCriticalPath = new HashSet<>(critical);
        int column = 0;
        int maxRows = 0;
        // Columns of one depth may wrap; every depth starts in a column of its own.
        Map<Integer, List<String>> byDepth = new java.util.TreeMap<>();
        tasks.keySet().forEach(id -> byDepth.computeIfAbsent(depth.get(id), d -> new ArrayList<>()).add(id));
        for (List<String> ids : byDepth.values()) {
            for (int i = 0; i < ids.size(); i++) {
                int c = column + i / MAX_ROWS;
                int r = i % MAX_ROWS;
                position.put(ids.get(i), new int[] { c, r });
                maxRows = Math.max(maxRows, r + 1);
            }
            column += (ids.size() + MAX_ROWS - 1) / MAX_ROWS;
        }
        columns = column;
        rowsUsed = maxRows;
    }

    static DependencyPicture of(PlanView plan) {
        return new DependencyPicture(plan);
    }

    public int taskCount() {
        return tasks.size();
    }

    /** How many dependency levels there are (columns before wrapping). */
    public int levels() {
        return depth.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    /** The titles along the critical path, first to last. */
    public List<String> criticalTitles() {
        return critical.stream().map(id -> tasks.get(id).title()).toList();
    }

    /** Unfinished tasks that wait for unfinished work. */
    public long waiting() {
        return tasks.values().stream().filter(t -> !finished(t)).filter(t -> !openDependencies(t).isEmpty()).count();
    }

    public int width() {
        return Math.max(1, columns) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP + 2 * MARGIN;
    }

    public int height() {
        return HEADER + Math.max(1, rowsUsed) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP + 2 * MARGIN;
    }

    /** The text alternative: every task with its level, what it waits for and what it blocks. */
    public List<Row> rows() {
        Map<String, List<String>> blocks = new HashMap<>();
        tasks.values().forEach(t -> dependencies(t).forEach(d -> blocks.computeIfAbsent(d, k -> new ArrayList<>())
                .add(tasks.get(t.id()).title())));
        return tasks.values().stream()
                .sorted(java.util.Comparator.comparing((CompactTask t) -> depth.get(t.id())))
                .map(t -> new Row(t.id(), t.title(), t.status(), t.assignee(), depth.get(t.id()),
                        onCriticalPath.contains(t.id()),
                        openDependencies(t).stream().map(d -> tasks.get(d).title()).toList(),
                        blocks.getOrDefault(t.id(), List.of())))
                .toList();
    }

    /** The picture: {@code role="img"} with a title and a description that says what it shows. */
    public RawString svg(String titleId) {
        StringBuilder svg = Svg.open(4096 + tasks.size() * 900, "dependency-graph", width(), height(), titleId,
                "Task dependency graph", description());
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\"")
                .append(" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>");
        for (int level = 0, c = 0; c < columns; c++) {
            // Column headers name the dependency depth of the first task placed in them.
            int columnLevel = firstLevelOf(c);
            if (columnLevel != level || c == 0) {
                level = columnLevel;
                svg.append("<text class=\"level\" x=\"").append(x(c)).append("\" y=\"").append(MARGIN + 14)
                        .append("\">").append(level == 0 ? "level 0: waits for nothing" : "level " + level)
                        .append("</text>");
            }
        }
        svg.append("<g class=\"edges\">");
        for (CompactTask task : tasks.values()) {
            for (String on : dependencies(task)) {
                edge(svg, on, task.id());
            }
        }
        svg.append("</g><g class=\"nodes\">");
        for (CompactTask task : tasks.values()) {
            node(svg, task);
        }
        return new RawString(svg.append("</g></svg>").toString());
    }

    private String description() {
        if (tasks.isEmpty()) {
            return "No tasks yet.";
        }
        return tasks.size() + " tasks in " + levels() + " dependency levels; " + waiting()
                + " unfinished tasks wait for unfinished work. Critical path (" + critical.size() + " tasks): "
                + (critical.isEmpty() ? "none, nothing is left to do" : String.join(" → ", criticalTitles())) + ".";
    }

    private int firstLevelOf(int column) {
        return position.entrySet().stream().filter(e -> e.getValue()[0] == column)
                .mapToInt(e -> depth.get(e.getKey())).min().orElse(0);
    }

    private void edge(StringBuilder svg, String from, String to) {
        int[] a = position.get(from);
        int[] b = position.get(to);
        int x1 = x(a[0]) + BOX_WIDTH;
        int y1 = y(a[1]) + BOX_HEIGHT / 2;
        int x2 = x(b[0]);
        int y2 = y(b[1]) + BOX_HEIGHT / 2;
        int bend = Math.max(30, (x2 - x1) / 2);
        boolean open = !finished(tasks.get(from));
        boolean crit = onCriticalPath.contains(from) && onCriticalPath.contains(to)
                && critical.indexOf(to) == critical.indexOf(from) + 1;
        svg.append("<path class=\"edge").append(open ? " blocking" : " satisfied").append(crit ? " critical" : "")
                .append("\" d=\"M").append(x1).append(',').append(y1).append(" C").append(x1 + bend).append(',')
                .append(y1).append(' ').append(x2 - bend).append(',').append(y2).append(' ').append(x2).append(',')
                .append(y2).append("\" fill=\"none\" stroke=\"currentColor\"")
                .append(open ? "" : " stroke-dasharray=\"5 4\"").append(" stroke-width=\"").append(crit ? 3 : 1.2)
                .append("\" marker-end=\"url(#arrow)\"><title>").append(escape(tasks.get(from).title()))
                .append(open ? " blocks " : " (done) was needed by ").append(escape(tasks.get(to).title()))
                .append("</title></path>");
    }

    private void node(StringBuilder svg, CompactTask task) {
        int[] p = position.get(task.id());
        int x = x(p[0]);
        int y = y(p[1]);
        boolean crit = onCriticalPath.contains(task.id());
        List<String> open = openDependencies(task);
        svg.append("<g class=\"node status-").append(escape(task.status())).append(crit ? " critical" : "")
                .append(open.isEmpty() || finished(task) ? "" : " waiting").append("\" data-task-id=\"")
                .append(escape(task.id())).append("\"><title>").append(escape(task.title())).append(" — ")
                .append(escape(task.status())).append(task.assignee() == null ? "" : ", @" + escape(task.assignee()))
                .append(open.isEmpty() ? ""
                        : ", waits for " + escape(String.join(", ",
                                open.stream().map(d -> tasks.get(d).title()).toList())))
                .append(crit ? ", on the critical path" : "").append("</title>")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH)
                .append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"6\" stroke=\"currentColor\" stroke-width=\"")
                .append(crit ? 2.5 : 1).append("\"/>");
        if (crit) {
            svg.append("<rect class=\"critical-ring\" x=\"").append(x + 3).append("\" y=\"").append(y + 3)
                    .append("\" width=\"").append(BOX_WIDTH - 6).append("\" height=\"").append(BOX_HEIGHT - 6)
                    .append("\" rx=\"4\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1\"/>");
        }
        svg.append("<text x=\"").append(x + 8).append("\" y=\"").append(y + 18).append("\" class=\"task-title\">")
                .append(escape(shorten(task.title()))).append("</text>")
                .append("<text x=\"").append(x + 8).append("\" y=\"").append(y + 36).append("\" class=\"task-meta\">")
                .append(escape(task.status().replace('_', ' ')))
                .append(task.assignee() == null ? "" : " · @" + escape(task.assignee()))
                .append(open.isEmpty() || finished(task) ? "" : " · waits for " + open.size())
                .append(crit ? " · critical" : "").append("</text></g>");
    }

    private int depthOf(String id, Set<String> visiting) {
        Integer known = depth.get(id);
        if (known != null) {
            return known;
        }
        if (!visiting.add(id)) {
            return 0; // a cycle (the replan analysis reports it): cut it here
        }
        int d = 0;
        for (String on : dependencies(tasks.get(id))) {
            d = Math.max(d, depthOf(on, visiting) + 1);
        }
        visiting.remove(id);
        depth.put(id, d);
        return d;
    }

    /** The longest chain of unfinished tasks, each waiting for the one before it. */
    private List<String> criticalPath() {
        Map<String, Integer> length = new HashMap<>();
        Map<String, String> previous = new HashMap<>();
        List<String> order = new ArrayList<>(tasks.keySet());
        order.sort(java.util.Comparator.comparing(depth::get));
        String end = null;
        for (String id : order) {
            CompactTask task = tasks.get(id);
            if (finished(task)) {
                continue;
            }
            int best = 0;
            for (String on : openDependencies(task)) {
                Integer l = length.get(on);
                if (l != null && l > best && depth.get(on) < depth.get(id)) {
                    best = l;
                    previous.put(id, on);
                }
            }
            length.put(id, best + 1);
            if (end == null || length.get(id) > length.get(end)) {
                end = id;
            }
        }
        List<String> path = new ArrayList<>();
        for (String id = end; id != null; id = previous.get(id)) {
            path.add(0, id);
        }
        return path;
    }

    private List<String> dependencies(CompactTask task) {
        return task.dependsOn() == null ? List.of() : task.dependsOn().stream().filter(tasks::containsKey).toList();
    }

    private List<String> openDependencies(CompactTask task) {
        return dependencies(task).stream().filter(d -> !finished(tasks.get(d))).toList();
    }

    private static boolean finished(CompactTask task) {
        return TaskStatus.isFinished(task.status());
    }

    private static int x(int column) {
        return MARGIN + column * (BOX_WIDTH + COLUMN_GAP);
    }

    private static int y(int row) {
        return MARGIN + HEADER + row * (BOX_HEIGHT + ROW_GAP);
    }

    private static String shorten(String title) {
        return title.length() <= TITLE_CHARS ? title : title.substring(0, TITLE_CHARS - 1) + "…";
    }
}
