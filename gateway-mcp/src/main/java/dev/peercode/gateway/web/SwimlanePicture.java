package dev.peercode.gateway.web;

import static dev.peercode.gateway.web.Svg.escape;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
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
import io.quarkus.qute.RawString;

/**
 * What each session did in the last hours, drawn from the delta log as server-rendered SVG: one lane per
 * session with three bands — tasks it held (from {@code task.claimed} until the task left it or left
 * {@code in_progress}), the time it held at least one file lock (acquired until released, expired or
 * force-released), and the push token (granted until completed, aborted or expired) — plus marks for pushes
 * completed and debate steps. Every kind has its own line pattern and a word on it, so the picture reads
 * without colour; {@link #rows()} is its text alternative. Intervals that began before the window start at its
 * left edge; those still open end at "now" (or at the lock's recorded expiry, whichever is first).
 */
public final class SwimlanePicture {

    /** The delta types this picture reads; everything else in the log is left out of the read. */
    static final String TYPES = "task.claimed,task.updated,lock.acquired,lock.renewed,lock.released,"
            + "lock.force_released,lock.expired,sync.granted,sync.completed,sync.aborted,sync.expired,"
            + "debate.started,debate.responded,debate.escalated,debate.resolved,debate.decided,debate.withdrawn";

    static final int LABEL_WIDTH = 150;
    static final int PLOT_WIDTH = 840;
    static final int BAND = 16;
    static final int LANE_HEIGHT = 3 * BAND + 14;
    private static final int MARGIN = 16;
    private static final int AXIS = 34;
    private static final int TICKS = 6;
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

    /** One session in the text alternative. */
    public record Row(String session, List<Span> tasks, List<Span> locks, List<Span> pushes, List<Span> debates) {
    }

    private final String projectId;
    private final Instant start;
    private final Instant now;
    private final Map<String, List<Span>> bySession = new TreeMap<>();

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

    public int hours() {
        return (int) Duration.between(start, now).toHours();
    }

    /** The windows the page offers. */
    public List<Integer> hourChoices() {
        return List.of(1, 2, 4, 6, 12, 24);
    }

    public List<String> sessions() {
        return List.copyOf(bySession.keySet());
    }

    public long count(String kind) {
        return bySession.values().stream().flatMap(List::stream).filter(s -> s.kind().equals(kind)).count();
    }

    public int width() {
        return MARGIN * 2 + LABEL_WIDTH + PLOT_WIDTH;
    }

    public int height() {
        return MARGIN * 2 + AXIS + Math.max(1, bySession.size()) * LANE_HEIGHT + 24;
    }

    /** The text alternative: per session, what it held and did in the window. */
    public List<Row> rows() {
        return bySession.entrySet().stream().map(e -> new Row(e.getKey(), kind(e.getValue(), "task"),
                kind(e.getValue(), "lock"), merge(kind(e.getValue(), "push token"), kind(e.getValue(), "push")),
                kind(e.getValue(), "debate"))).toList();
    }

    /** The picture: {@code role="img"} with a title and a description; session names link to their timeline. */
    public RawString svg(String titleId) {
        StringBuilder svg = Svg.open(4096 + bySession.size() * 4000, "swimlane", width(), height(), titleId,
                "What each session did in the last " + hours() + " hours", description());
        svg.append(patterns());
        axis(svg);
        int lane = 0;
        for (Map.Entry<String, List<Span>> e : bySession.entrySet()) {
            lane(svg, lane++, e.getKey(), e.getValue());
        }
        legend(svg);
        return new RawString(svg.append("</svg>").toString());
    }

    private String description() {
        if (bySession.isEmpty()) {
            return "No session claimed a task, held a lock or the push token, or took part in a debate in the last "
                    + hours() + " hours.";
        }
        return bySession.size() + " sessions from " + CLOCK.format(start) + " to " + CLOCK.format(now) + " UTC: "
                + count("task") + " task holds, " + count("lock") + " lock spans, " + count("push token")
                + " push-token holds, " + count("push") + " pushes, " + count("debate")
                + " debate steps. Lanes are sessions; bands are tasks (outlined), locks (hatched) and the push token"
                + " (dotted); triangles are pushes, circles debate steps.";
    }

    private static String patterns() {
        return "<defs><pattern id=\"lane-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"hatch-bg\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"currentColor\" stroke-width=\"1.5\"/></pattern>"
                + "<pattern id=\"lane-dots\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
                + "<rect width=\"5\" height=\"5\" class=\"dots-bg\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1\""
                + " fill=\"currentColor\"/></pattern></defs>";
    }

    private void axis(StringBuilder svg) {
        int top = MARGIN + AXIS;
        int bottom = top + Math.max(1, bySession.size()) * LANE_HEIGHT;
        svg.append("<g class=\"axis\">");
        for (int i = 0; i <= TICKS; i++) {
            Instant at = start.plus(Duration.between(start, now).multipliedBy(i).dividedBy(TICKS));
            int x = x(at);
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(top - 4).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(bottom).append("\" class=\"grid\" stroke=\"currentColor\"")
                    .append(" stroke-width=\"0.4\"/><text x=\"").append(x).append("\" y=\"").append(top - 10)
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : i == TICKS ? "end" : "middle")
                    .append("\">").append(i == TICKS ? "now " : "").append(CLOCK.format(at)).append("</text>");
        }
        svg.append("<text x=\"").append(MARGIN).append("\" y=\"").append(top - 10)
                .append("\" class=\"level\">session (UTC)</text></g>");
    }

    private void lane(StringBuilder svg, int index, String session, List<Span> spans) {
        int top = MARGIN + AXIS + index * LANE_HEIGHT;
        svg.append("<g class=\"lane\" data-session=\"").append(escape(session)).append("\">")
                .append("<line x1=\"").append(MARGIN).append("\" y1=\"").append(top + LANE_HEIGHT - 4)
                .append("\" x2=\"").append(width() - MARGIN).append("\" y2=\"").append(top + LANE_HEIGHT - 4)
                .append("\" stroke=\"currentColor\" stroke-width=\"0.5\"/>")
                .append("<a href=\"/ui/projects/").append(escape(projectId)).append("/timeline?session=")
                .append(escape(session)).append("\"><text x=\"").append(MARGIN).append("\" y=\"")
                .append(top + BAND + 4).append("\" class=\"session-name\">@").append(escape(session))
                .append("</text></a><text x=\"").append(MARGIN).append("\" y=\"").append(top + 2 * BAND + 4)
                .append("\" class=\"task-meta\">").append(count(spans, "task")).append(" tasks · ")
                .append(count(spans, "lock")).append(" locks · ").append(count(spans, "push")).append(" pushes")
                .append("</text>");
        for (Span s : spans) {
            switch (s.kind()) {
                case "task" -> bar(svg, s, top, "task", "none", s.label());
                case "lock" -> bar(svg, s, top + BAND, "lock", "url(#lane-hatch)", s.label());
                case "push token" -> bar(svg, s, top + 2 * BAND, "token", "url(#lane-dots)", "token");
                case "push" -> mark(svg, s, top + 2 * BAND, "push",
                        "M%d,%d l6,%d l-12,0 z".formatted(x(s.from()), top + 2 * BAND + 1, BAND - 4));
                default -> mark(svg, s, top + 2 * BAND, "debate",
                        "M%d,%d a5,5 0 1,0 0.1,0 z".formatted(x(s.from()), top + 2 * BAND + 3));
            }
        }
        svg.append("</g>");
    }

    private void bar(StringBuilder svg, Span s, int y, String cls, String fill, String label) {
        int x1 = x(s.from());
        int x2 = Math.max(x1 + 3, x(s.to()));
        svg.append("<g class=\"span ").append(cls).append(s.ongoing() ? " ongoing" : "").append("\"><title>@")
                .append(escape(s.session())).append(' ').append(cls.equals("token") ? "held the push token" : "held ")
                .append(cls.equals("token") ? ""
                        : (cls.equals("task") ? "task '" : "lock on ") + escape(s.label())
                                + (cls.equals("task") ? "'" : ""))
                .append(" from ").append(s.fromText()).append(" to ").append(s.toText()).append("</title><rect x=\"")
                .append(x1).append("\" y=\"").append(y + 2).append("\" width=\"").append(x2 - x1)
                .append("\" height=\"").append(BAND - 4).append("\" fill=\"").append(fill)
                .append("\" stroke=\"currentColor\" stroke-width=\"1\"")
                .append(cls.equals("token") ? " stroke-dasharray=\"2 2\"" : "").append("/>");
        int chars = (x2 - x1 - 6) / 6;
        if (chars >= 3) {
            String text = label.length() <= chars ? label : label.substring(0, chars - 1) + "…";
            svg.append("<text x=\"").append(x1 + 3).append("\" y=\"").append(y + BAND - 4)
                    .append("\" class=\"span-label\">").append(escape(text)).append("</text>");
        }
        svg.append("</g>");
    }

    private void mark(StringBuilder svg, Span s, int y, String cls, String path) {
        svg.append("<g class=\"span ").append(cls).append("\"><title>@").append(escape(s.session())).append(' ')
                .append(cls.equals("push") ? escape(s.label()) : "debate " + escape(s.label())).append(" at ")
                .append(s.fromText()).append("</title><path d=\"").append(path)
                .append("\" stroke=\"currentColor\" stroke-width=\"1\"")
                .append(cls.equals("push") ? " fill=\"currentColor\"" : " fill=\"none\"").append("/></g>");
    }

    private void legend(StringBuilder svg) {
        int y = height() - MARGIN;
        int x = MARGIN + LABEL_WIDTH;
        svg.append("<g class=\"legend\"><rect x=\"").append(x).append("\" y=\"").append(y - 10)
                .append("\" width=\"22\" height=\"10\" fill=\"none\" stroke=\"currentColor\"/><text x=\"")
                .append(x + 28).append("\" y=\"").append(y).append("\">task held</text><rect x=\"").append(x + 110)
                .append("\" y=\"").append(y - 10).append("\" width=\"22\" height=\"10\" fill=\"url(#lane-hatch)\"")
                .append(" stroke=\"currentColor\"/><text x=\"").append(x + 138).append("\" y=\"").append(y)
                .append("\">file lock held</text><rect x=\"").append(x + 240).append("\" y=\"").append(y - 10)
                .append("\" width=\"22\" height=\"10\" fill=\"url(#lane-dots)\" stroke=\"currentColor\"")
                .append(" stroke-dasharray=\"2 2\"/><text x=\"").append(x + 268).append("\" y=\"").append(y)
                .append("\">push token held</text><path d=\"M").append(x + 386).append(',').append(y - 10)
                .append(" l6,10 l-12,0 z\" fill=\"currentColor\"/><text x=\"").append(x + 396).append("\" y=\"")
                .append(y).append("\">push completed</text><circle cx=\"").append(x + 510).append("\" cy=\"")
                .append(y - 5).append("\" r=\"5\" fill=\"none\" stroke=\"currentColor\"/><text x=\"").append(x + 520)
                .append("\" y=\"").append(y).append("\">debate step</text></g>");
    }

    private int x(Instant at) {
        long total = Math.max(1, Duration.between(start, now).toMillis());
        long offset = Math.max(0, Math.min(total, Duration.between(start, at).toMillis()));
        return MARGIN + LABEL_WIDTH + (int) (offset * PLOT_WIDTH / total);
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

    private static long count(Collection<Span> spans, String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).count();
    }

    private static List<Span> kind(List<Span> spans, String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    private static List<Span> merge(List<Span> a, List<Span> b) {
        List<Span> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(java.util.Comparator.comparing(Span::from));
        return all;
    }

    /** Something held since {@code since}, at most {@code until} (a lock's or offer's recorded expiry). */
    private record Open(String session, Instant since, Instant until, String label) {
    }
}
