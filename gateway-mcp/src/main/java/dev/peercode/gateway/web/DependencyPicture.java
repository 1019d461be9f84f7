package dev.peercode.gateway.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.rules.tasks.DependencyGraph;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The task dependency graph as server-rendered SVG ({@code tags/graphSvg.html} draws it): one column per dependency
 * depth (a task stands right of everything it waits for), arrows from a dependency to the tasks it blocks — solid
 * while it is unfinished, dashed once it is done —, and the critical path (the longest chain of unfinished work)
 * drawn with a double border, thick arrows and the word "critical". Everything is said in text too (status,
 * assignee, "waits for"), so the picture reads without colour; its nodes, by level, are the rows of its text
 * alternative.
 */
public final class DependencyPicture {

    private static final int BOX_WIDTH = 220;
    private static final int BOX_HEIGHT = 46;
    private static final int COLUMN_GAP = 70;
    private static final int ROW_GAP = 14;
    private static final int MARGIN = 24;
    private static final int HEADER = 28;
    /** A depth with more tasks than this continues in the next column, so 200 tasks stay a readable shape. */
    static final int MAX_ROWS = 20;
    private static final int TITLE_CHARS = 30;

    /** A task's box, and its row in the text alternative; {@code waitsFor}: its unfinished dependencies. */
    public record Node(CompactTask task, int depth, boolean critical, List<String> waitsFor, List<String> blocks, int x,
            int y) {

        public String title() {
            return task.title();
        }

        public String shortTitle() {
            return title().length() <= TITLE_CHARS ? title() : title().substring(0, TITLE_CHARS - 1) + "…";
        }

        /** Unfinished, and waits for unfinished work. */
        public boolean waiting() {
            return !waitsFor.isEmpty() && !finished(task);
        }
    }

    /** An arrow from a dependency to a task it blocks (or blocked, once done). */
    public record Edge(String d, boolean open, boolean critical, String from, String to) {
    }

    /** A column header: the dependency level that starts in this column. */
    public record Level(int level, int x, int y) {
    }

    private final Map<String, CompactTask> tasks = new LinkedHashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();
    private final List<String> critical;
    private final Set<String> onCriticalPath;
    /** Where each task's box stands: x and y in pixels. */
    private final Map<String, int[]> position = new HashMap<>();
    private final List<Level> levelHeaders = new ArrayList<>();
    private final int columns;
    private final int rowsUsed;
    private final List<Node> nodes;

    private DependencyPicture(PlanView plan) {
        for (PhaseView phase : plan.phases()) {
            for (CompactTask task : phase.tasks()) {
                tasks.put(task.id(), task);
            }
        }
        tasks.keySet().forEach(id -> depthOf(id, new HashSet<>()));
        // The critical path the replan analysis names too (one rule: shared-rules' DependencyGraph).
        critical = DependencyGraph.longestChain(
                tasks.values().stream().collect(Collectors.toMap(CompactTask::id, t -> Set.copyOf(dependencies(t)))),
                tasks.values().stream().filter(t -> !finished(t)).map(CompactTask::id).collect(Collectors.toSet()));
        onCriticalPath = new HashSet<>(critical);
        // Columns of one depth may wrap; every depth starts in a column of its own, under its header.
        Map<Integer, List<String>> byDepth = new TreeMap<>();
        tasks.keySet().forEach(id -> byDepth.computeIfAbsent(depth.get(id), d -> new ArrayList<>()).add(id));
        int column = 0;
        int maxRows = 0;
        for (Map.Entry<Integer, List<String>> level : byDepth.entrySet()) {
            levelHeaders.add(new Level(level.getKey(), x(column), MARGIN + 14));
            List<String> ids = level.getValue();
            for (int i = 0; i < ids.size(); i++) {
                position.put(ids.get(i), new int[] { x(column + i / MAX_ROWS), y(i % MAX_ROWS) });
                maxRows = Math.max(maxRows, i % MAX_ROWS + 1);
            }
            column += (ids.size() + MAX_ROWS - 1) / MAX_ROWS;
        }
        columns = column;
        rowsUsed = maxRows;
        Map<String, List<String>> blocks = new HashMap<>();
        tasks.values().forEach(t -> dependencies(t).forEach(d -> blocks.computeIfAbsent(d, k -> new ArrayList<>())
                .add(t.title())));
        nodes = tasks.values().stream().map(t -> new Node(t, depth.get(t.id()), onCriticalPath.contains(t.id()),
                openDependencies(t).stream().map(d -> tasks.get(d).title()).toList(),
                blocks.getOrDefault(t.id(), List.of()), position.get(t.id())[0], position.get(t.id())[1]))
                .toList();
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
        return nodes.stream().filter(Node::waiting).count();
    }

    public int width() {
        return Math.max(1, columns) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP + 2 * MARGIN;
    }

    public int height() {
        return HEADER + Math.max(1, rowsUsed) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP + 2 * MARGIN;
    }

    public int boxWidth() {
        return BOX_WIDTH;
    }

    public int boxHeight() {
        return BOX_HEIGHT;
    }

    /** The boxes in plan order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The text alternative: the nodes by level. */
    public List<Node> rows() {
        return nodes.stream().sorted(java.util.Comparator.comparing(Node::depth)).toList();
    }

    public List<Edge> edges() {
        List<Edge> edges = new ArrayList<>();
        for (CompactTask task : tasks.values()) {
            int[] b = position.get(task.id());
            for (String from : dependencies(task)) {
                int[] a = position.get(from);
                int x1 = a[0] + BOX_WIDTH;
                int y1 = a[1] + BOX_HEIGHT / 2;
                int x2 = b[0];
                int y2 = b[1] + BOX_HEIGHT / 2;
                int bend = Math.max(30, (x2 - x1) / 2);
                boolean crit = onCriticalPath.contains(from) && onCriticalPath.contains(task.id())
                        && critical.indexOf(task.id()) == critical.indexOf(from) + 1;
                edges.add(new Edge(
                        String.format(Locale.ROOT, "M%d,%d C%d,%d %d,%d %d,%d", x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2),
                        !finished(tasks.get(from)), crit, tasks.get(from).title(), task.title()));
            }
        }
        return edges;
    }

    /** Column headers: one where each dependency level starts (a wrapped level's further columns have none). */
    public List<Level> levelHeaders() {
        return levelHeaders;
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
}
