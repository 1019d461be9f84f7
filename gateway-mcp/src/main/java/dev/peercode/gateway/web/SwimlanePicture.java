package dev.peercode.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * What each session did in the last hours, drawn from the delta log as server-rendered SVG
 * ({@code tags/swimlaneSvg.html} draws it): one lane per session with three bands — tasks it held (from
 * {@code task.claimed} until the task left it or left {@code in_progress}), the time it held at least one file lock
 * (acquired until released, expired or force-released), and the push token (granted until completed, aborted or
 * expired) — plus marks for pushes completed and debate steps. Every kind has its own line pattern and a word on it,
 * so the picture reads without colour; its {@link #lanes()} are also the rows of its text alternative. Intervals
 * that began before the window start at its left edge; those still open end at "now" (or at the lock's recorded
 * expiry, whichever is first).
 */
public final class SwimlanePicture {

    /** The delta types this picture reads; everything else in the log is left out of the read. */
    static final String TYPES = "task.claimed,task.updated,lock.acquired,lock.renewed,lock.released,"
            + "lock.force_released,lock.expired,sync.granted,sync.completed,sync.aborted,sync.expired,"
            + "debate.started,debate.responded,debate.escalated,debate.resolved,debate.decided,debate.withdrawn";

    private static final int LABEL_WIDTH = 150;
    private static final int PLOT_WIDTH = 840;
    /** A lane's bands (task, lock, push token) are this high; the template draws 12 px bars 2 px into them. */
    private static final int BAND = 16;
    private static final int LANE_HEIGHT = 3 * BAND + 14;
    private static final int AXIS = 34;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** One thing a session held over a time span, or did at one moment ({@code from == to}). */
    public record Span(String session, String kind, Instant from, Instant to, String label, boolean ongoing) {

        public String fromText() {
            return CLOCK.format(from);
        }

        public String toText() {
            return ongoing ? "now" : CLOCK.format(to);
        }
    }

    /** A span as drawn: its band's top, where it starts, how wide it is, and as much of its label as fits. */
    public record Bar(Span span, int x, int y, int width, String text) {

        /** Its kind as a CSS class. */
        public String kind() {
            return span.kind().equals("push token") ? "token" : span.kind();
        }
    }

    /** One session's lane, and its row in the text alternative. */
    public record Lane(String session, List<Span> spans, int top, TimeAxis axis) {

        public List<Span> tasks() {
            return kind(spans, "task");
        }

        public List<Span> locks() {
            return kind(spans, "lock");
        }

        /** The push token's holds and the pushes, in time order. */
        public List<Span> pushes() {
            return spans.stream().filter(s -> s.kind().startsWith("push")).toList();
        }

        public List<Span> debates() {
            return kind(spans, "debate");
        }

        public long count(String kind) {
            return kind(spans, kind).size();
        }

        /** The line under the lane. */
        public int rule() {
            return top + LANE_HEIGHT - 4;
        }

        public List<Bar> bars() {
            return spans.stream().map(s -> {
                int x = axis.x(s.from());
                int width = Math.max(3, axis.x(s.to()) - x);
                int band = switch (s.kind()) {
                    case "task" -> 0;
                    case "lock" -> 1;
                    default -> 2; // the push token, and the marks of pushes and debate steps
                };
                String label = s.kind().equals("push token") ? "token" : s.label();
                int chars = (width - 6) / 6;
                String text = chars < 3 ? "" : label.length() <= chars ? label : label.substring(0, chars - 1) + "…";
                return new Bar(s, x, top + band * BAND, width, text);
            }).toList();
        }
    }

    private final String projectId;
    private final Instant start;
    private final Instant now;
    private final Map<String, List<Span>> bySession = new TreeMap<>();
    private final TimeAxis axis;
    private final List<Lane> lanes = new ArrayList<>();

    private SwimlanePicture(String projectId, PlanView plan, List<DeltaView> deltas, Instant start, Instant now) {
        this.projectId = projectId;
        this.start = start;
        this.now = now;
        Map<String, String> titles = new HashMap<>();
        Map<String, CompactTask> current = new HashMap<>();
        for (PhaseView phase : plan.phases()) {
            for (CompactTask t : phase.tasks()) {
                titles.put(t.id(), t.title());
                current.put(t.id(), t);
            }
        }
        Map<String, Open> tasks = new LinkedHashMap<>(); // taskId -> who holds it since when
        Map<String, Open> locks = new LinkedHashMap<>(); // session + path -> since when, until when at most
        Map<String, Open> token = new LinkedHashMap<>(); // session -> since when, until when at most
        for (DeltaView d : deltas) {
            String actor = d.actor();
            switch (d.type()) {
                case "task.claimed" -> first(d.taskIds()).ifPresent(id -> {
                    close(tasks.remove(id), d.at(), "task");
                    tasks.put(id, new Open(actor, d.at(), null, titles.getOrDefault(id, id)));
                });
                case "task.updated" -> first(d.taskIds()).ifPresent(id -> {
                    Open held = tasks.get(id);
                    if (held != null && leavesHolder(d.data())) {
                        close(tasks.remove(id), d.at(), "task");
                    }
                });
                case "lock.acquired", "lock.renewed" -> paths(d).forEach(path -> locks.merge(actor + "\n" + path,
                        new Open(actor, d.at(), instant(d.data(), "expiresAt"), path),
                        (was, renewed) -> new Open(was.session, was.since, renewed.until, path)));
                case "lock.released", "lock.expired" -> paths(d).forEach(
                        path -> close(locks.remove(actor + "\n" + path), d.at(), "lock"));
                case "lock.force_released" -> {
                    Object holders = d.data() == null ? null : d.data().get("holders");
                    if (holders instanceof Map<?, ?> map) {
                        map.forEach((path, holder) -> close(locks.remove(holder + "\n" + path), d.at(), "lock"));
                    }
                }
                case "sync.granted" -> {
                    close(token.remove(actor), d.at(), "push token");
                    Instant until = instant(d.data(), "expiresAt");
                    token.put(actor, new Open(actor, d.at(), until != null ? until : instant(d.data(), "claimUntil"),
                            "push token"));
                }
                case "sync.completed" -> {
                    close(token.remove(actor), d.at(), "push token");
                    Object sha = d.data() == null ? null : d.data().get("commitSha");
                    add(new Span(actor, "push", d.at(), d.at(), sha instanceof String s && !s.isBlank()
                            ? "pushed " + s.substring(0, Math.min(7, s.length()))
                            : "pushed", false));
                }
                case "sync.aborted", "sync.expired" -> close(token.remove(actor), d.at(), "push token");
                default -> {
                    if (d.type().startsWith("debate.") && actor != null) {
                        add(new Span(actor, "debate", d.at(), d.at(), d.type().substring("debate.".length()), false));
                    }
                }
            }
        }
        // What the log left open: a task still in progress with the same holder, a lock or token not yet ended.
        tasks.forEach((id, open) -> {
            CompactTask t = current.get(id);
            boolean stillHeld = t != null && TaskStatus.IN_PROGRESS.equals(t.status()) && open.session.equals(t.assignee());
            add(new Span(open.session, "task", open.since, stillHeld ? now : open.since, open.label, stillHeld));
        });
        locks.values().forEach(open -> closeAtMost(open, "lock"));
        token.values().forEach(open -> closeAtMost(open, "push token"));
        // A task in progress whose claim lies before the window still shows as held for the whole window.
        current.values().stream()
                .filter(t -> TaskStatus.IN_PROGRESS.equals(t.status()) && t.assignee() != null && !tasks.containsKey(t.id()))
                .filter(t -> bySession.getOrDefault(t.assignee(), List.of()).stream()
                        .noneMatch(s -> s.kind().equals("task") && s.label().equals(t.title())))
                .forEach(t -> add(new Span(t.assignee(), "task", start, now, t.title(), true)));
        bySession.replaceAll((session, spans) -> withLocksJoined(spans));
        int top = TimeAxis.MARGIN + AXIS;
        axis = new TimeAxis(start, now, TimeAxis.MARGIN + LABEL_WIDTH, PLOT_WIDTH, top,
                top + Math.max(1, bySession.size()) * LANE_HEIGHT, CLOCK);
        bySession.forEach((session, spans) -> lanes.add(new Lane(session, spans, top + lanes.size() * LANE_HEIGHT,
                axis)));
    }

    /**
     * A session's lock spans joined where they overlap: the band says when it held at least one lock and, in
     * the label, which paths (one path by name, several by count), so twenty paths do not draw twenty bars.
     */
    private static List<Span> withLocksJoined(List<Span> spans) {
        List<Span> out = new ArrayList<>(spans.stream().filter(s -> !s.kind().equals("lock")).toList());
        List<Span> locks = spans.stream().filter(s -> s.kind().equals("lock"))
                .sorted(java.util.Comparator.comparing(Span::from)).toList();
        Span run = null;
        Set<String> paths = new TreeSet<>();
        for (Span lock : locks) {
            if (run != null && !lock.from().isAfter(run.to())) {
                paths.add(lock.label());
                run = new Span(run.session(), "lock", run.from(), lock.to().isAfter(run.to()) ? lock.to() : run.to(),
                        "", run.ongoing() || lock.ongoing());
                continue;
            }
            if (run != null) {
                out.add(named(run, paths));
            }
            run = lock;
            paths = new TreeSet<>(List.of(lock.label()));
        }
        if (run != null) {
            out.add(named(run, paths));
        }
        out.sort(java.util.Comparator.comparing(Span::from));
        return out;
    }

    private static Span named(Span run, Set<String> paths) {
        String label = paths.size() == 1 ? paths.iterator().next()
                : paths.size() + " paths: " + String.join(", ", paths.stream().limit(5).toList())
                        + (paths.size() > 5 ? ", …" : "");
        return new Span(run.session(), "lock", run.from(), run.to(), label, run.ongoing());
    }

    /**
     * The picture of {@code window} up to {@code now}. {@code deltas} are the log's entries of {@link #TYPES} in
     * seq order, reaching back before the window as far as the caller read (to find what was already held).
     */
    static SwimlanePicture of(String projectId, PlanView plan, List<DeltaView> deltas, Duration window, Instant now) {
        return new SwimlanePicture(projectId, plan, deltas, now.minus(window), now);
    }

    public String projectId() {
        return projectId;
    }

    public TimeAxis axis() {
        return axis;
    }

    public int hours() {
        return (int) Duration.between(start, now).toHours();
    }

    /** The windows the page offers. */
    public List<Integer> hourChoices() {
        return List.of(1, 2, 4, 6, 12, 24);
    }

    public long count(String kind) {
        return lanes.stream().mapToLong(lane -> lane.count(kind)).sum();
    }

    public int width() {
        return TimeAxis.MARGIN * 2 + LABEL_WIDTH + PLOT_WIDTH;
    }

    public int height() {
        return axis.bottom() + 24 + TimeAxis.MARGIN;
    }

    /** One per session, by name. */
    public List<Lane> lanes() {
        return lanes;
    }

    private void add(Span span) {
        if (span.to().isBefore(start)) {
            return; // ended before the window
        }
        Instant from = span.from().isBefore(start) ? start : span.from();
        bySession.computeIfAbsent(span.session(), k -> new ArrayList<>())
                .add(new Span(span.session(), span.kind(), from, span.to(), span.label(), span.ongoing()));
    }

    private void close(Open open, Instant at, String kind) {
        if (open != null) {
            add(new Span(open.session, kind, open.since, at, open.label, false));
        }
    }

    private void closeAtMost(Open open, String kind) {
        boolean ongoing = open.until == null || open.until.isAfter(now);
        add(new Span(open.session, kind, open.since, ongoing ? now : open.until, open.label, ongoing));
    }

    /** Whether a {@code task.updated} takes the task from its holder: another assignee or a status other than in progress. */
    private static boolean leavesHolder(Map<String, Object> data) {
        if (data == null || !(data.get("changes") instanceof Map<?, ?> changes)) {
            return false;
        }
        if (changes.containsKey("assignee")) {
            return true;
        }
        // Any status but in_progress ends the work.
        return changes.get("status") instanceof Map<?, ?> status && TaskStatus.ALL.contains(status.get("to"))
                && !TaskStatus.IN_PROGRESS.equals(status.get("to"));
    }

    private static Instant instant(Map<String, Object> data, String key) {
        Object value = data == null ? null : data.get(key);
        try {
            return value instanceof String s ? Instant.parse(s) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static java.util.Optional<String> first(List<String> ids) {
        return ids == null || ids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ids.get(0));
    }

    private static List<String> paths(DeltaView d) {
        return d.paths() == null ? List.of() : d.paths();
    }

    private static List<Span> kind(List<Span> spans, String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /** Something held since {@code since}, at most {@code until} (a lock's or offer's recorded expiry). */
    private record Open(String session, Instant since, Instant until, String label) {
    }
}
