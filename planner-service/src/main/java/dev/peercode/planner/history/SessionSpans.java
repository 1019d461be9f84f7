package dev.peercode.planner.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.HistoryDtos.SessionSpan;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * What each session held and did within a window, from the log: tasks held (from {@code task.claimed} until the
 * task left it or left {@code in_progress}), file locks (acquired or renewed until released, expired or
 * force-released; a session's overlapping locks joined into one span), the push token (granted until completed,
 * aborted or expired) and the moments of pushes and debate steps. Spans that began before the window start at its
 * start; those still open end at its end (or at the lock's or token's recorded expiry, whichever is first).
 */
final class SessionSpans {

    /** The delta types this reads; everything else in the log is left out of the read. */
    static final Set<String> TYPES = Set.of("task.claimed", "task.updated", "lock.acquired", "lock.renewed",
            "lock.released", "lock.force_released", "lock.expired", "sync.granted", "sync.completed", "sync.aborted",
            "sync.expired", "debate.started", "debate.responded", "debate.escalated", "debate.resolved",
            "debate.decided", "debate.withdrawn");

    /** A task of today's plan, as the spans need it. */
    record Current(String id, String title, String status, String assignee) {
    }

    /** Something held since {@code since}, at most {@code until} (a lock's or token's recorded expiry). */
    private record Open(String session, Instant since, Instant until, String taskId, String label) {
    }

    private final Instant start;
    private final Instant end;
    private final Map<String, List<SessionSpan>> bySession = new TreeMap<>();

    private SessionSpans(Instant start, Instant end) {
        this.start = start;
        this.end = end;
    }

    /**
     * The spans of {@code [start, end]}, by session then start. {@code deltas}: the log's entries of
     * {@link #TYPES} up to {@code end} in seq order, reaching back before {@code start} far enough to find what was
     * already held; {@code plan}: today's tasks.
     */
    static List<SessionSpan> of(List<DeltaView> deltas, Map<String, Current> plan, Instant start, Instant end) {
        SessionSpans spans = new SessionSpans(start, end);
        spans.read(deltas, plan);
        List<SessionSpan> out = new ArrayList<>();
        spans.bySession.values().forEach(session -> out.addAll(withLocksJoined(session)));
        return out;
    }

    private void read(List<DeltaView> deltas, Map<String, Current> plan) {
        Map<String, Open> tasks = new LinkedHashMap<>(); // taskId -> who holds it since when
        Map<String, Open> locks = new LinkedHashMap<>(); // session + path -> since when, until when at most
        Map<String, Open> token = new LinkedHashMap<>(); // session -> since when, until when at most
        for (DeltaView d : deltas) {
            String actor = d.actor();
            switch (d.type()) {
                case "task.claimed" -> first(d.taskIds()).ifPresent(id -> {
                    close(tasks.remove(id), d.at(), "task");
                    Current t = plan.get(id);
                    tasks.put(id, new Open(actor, d.at(), null, id, t == null ? id : t.title()));
                });
                case "task.updated" -> first(d.taskIds()).ifPresent(id -> {
                    if (tasks.containsKey(id) && leavesHolder(d.data())) {
                        close(tasks.remove(id), d.at(), "task");
                    }
                });
                case "lock.acquired", "lock.renewed" -> paths(d).forEach(path -> locks.merge(actor + "\n" + path,
                        new Open(actor, d.at(), instant(d.data(), "expiresAt"), null, path),
                        (was, renewed) -> new Open(was.session, was.since, renewed.until, null, path)));
                case "lock.released", "lock.expired" -> paths(d).forEach(
                        path -> close(locks.remove(actor + "\n" + path), d.at(), "lock"));
                case "lock.force_released" -> {
                    if (d.data() != null && d.data().get("holders") instanceof Map<?, ?> holders) {
                        holders.forEach((path, holder) -> close(locks.remove(holder + "\n" + path), d.at(), "lock"));
                    }
                }
                case "sync.granted" -> {
                    close(token.remove(actor), d.at(), "token");
                    Instant until = instant(d.data(), "expiresAt");
                    token.put(actor, new Open(actor, d.at(), until != null ? until : instant(d.data(), "claimUntil"),
                            null, null));
                }
                case "sync.completed" -> {
                    close(token.remove(actor), d.at(), "token");
                    Object sha = d.data() == null ? null : d.data().get("commitSha");
                    add(new SessionSpan(actor, "push", d.at(), d.at(), null,
                            sha instanceof String s && !s.isBlank() ? s : null, List.of(), false));
                }
                case "sync.aborted", "sync.expired" -> close(token.remove(actor), d.at(), "token");
                default -> {
                    if (d.type().startsWith("debate.") && actor != null) {
                        add(new SessionSpan(actor, "debate", d.at(), d.at(), null,
                                d.type().substring("debate.".length()), List.of(), false));
                    }
                }
            }
        }
        // What the log left open: a task still in progress with the same holder, a lock or token not yet ended.
        tasks.forEach((id, open) -> {
            Current t = plan.get(id);
            boolean stillHeld = t != null && TaskStatus.IN_PROGRESS.equals(t.status())
                    && open.session.equals(t.assignee());
            add(new SessionSpan(open.session, "task", open.since, stillHeld ? end : open.since, id, open.label,
                    List.of(), stillHeld));
        });
        locks.values().forEach(open -> closeAtMost(open, "lock"));
        token.values().forEach(open -> closeAtMost(open, "token"));
        // A task in progress whose claim lies before the read still shows as held for the whole window.
        plan.values().stream()
                .filter(t -> TaskStatus.IN_PROGRESS.equals(t.status()) && t.assignee() != null
                        && !tasks.containsKey(t.id()))
                .filter(t -> bySession.getOrDefault(t.assignee(), List.of()).stream()
                        .noneMatch(s -> s.kind().equals("task") && t.id().equals(s.taskId())))
                .forEach(t -> add(new SessionSpan(t.assignee(), "task", start, end, t.id(), t.title(), List.of(),
                        true)));
    }

    /** A session's lock spans joined where they overlap: when it held at least one lock, and which paths. */
    private static List<SessionSpan> withLocksJoined(List<SessionSpan> spans) {
        List<SessionSpan> out = new ArrayList<>(spans.stream().filter(s -> !s.kind().equals("lock")).toList());
        List<SessionSpan> locks = spans.stream().filter(s -> s.kind().equals("lock"))
                .sorted(Comparator.comparing(SessionSpan::from)).toList();
        SessionSpan run = null;
        Set<String> paths = new TreeSet<>();
        for (SessionSpan lock : locks) {
            if (run != null && !lock.from().isAfter(run.to())) {
                paths.addAll(lock.paths());
                run = new SessionSpan(run.session(), "lock", run.from(),
                        lock.to().isAfter(run.to()) ? lock.to() : run.to(), null, null, List.of(),
                        run.ongoing() || lock.ongoing());
                continue;
            }
            if (run != null) {
                out.add(withPaths(run, paths));
            }
            run = lock;
            paths = new TreeSet<>(lock.paths());
        }
        if (run != null) {
            out.add(withPaths(run, paths));
        }
        out.sort(Comparator.comparing(SessionSpan::from));
        return out;
    }

    private static SessionSpan withPaths(SessionSpan run, Set<String> paths) {
        return new SessionSpan(run.session(), "lock", run.from(), run.to(), null, null, List.copyOf(paths),
                run.ongoing());
    }

    /** Kept if it reaches into the window, from the window's start at the earliest. */
    private void add(SessionSpan span) {
        if (span.to().isBefore(start) || span.from().isAfter(end)) {
            return;
        }
        Instant from = span.from().isBefore(start) ? start : span.from();
        bySession.computeIfAbsent(span.session(), k -> new ArrayList<>()).add(new SessionSpan(span.session(),
                span.kind(), from, span.to(), span.taskId(), span.label(), span.paths(), span.ongoing()));
    }

    private void close(Open open, Instant at, String kind) {
        if (open != null) {
            add(span(open, kind, at, false));
        }
    }

    private void closeAtMost(Open open, String kind) {
        boolean ongoing = open.until == null || open.until.isAfter(end);
        add(span(open, kind, ongoing ? end : open.until, ongoing));
    }

    private static SessionSpan span(Open open, String kind, Instant to, boolean ongoing) {
        return new SessionSpan(open.session, kind, open.since, to, open.taskId,
                kind.equals("task") ? open.label : null, kind.equals("lock") ? List.of(open.label) : List.of(),
                ongoing);
    }

    /** Whether a {@code task.updated} takes the task from its holder: another assignee or a status but in progress. */
    private static boolean leavesHolder(Map<String, Object> data) {
        if (data == null || !(data.get("changes") instanceof Map<?, ?> changes)) {
            return false;
        }
        if (changes.containsKey("assignee")) {
            return true;
        }
        return changes.get("status") instanceof Map<?, ?> status && TaskStatus.ALL.contains(status.get("to"))
                && !TaskStatus.IN_PROGRESS.equals(status.get("to"));
    }

    private static Instant instant(Map<String, Object> data, String key) {
        Object value = data == null ? null : data.get(key);
        try {
            return value instanceof String s ? Instant.parse(s) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Optional<String> first(List<String> ids) {
        return ids == null || ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    private static List<String> paths(DeltaView d) {
        return d.paths() == null ? List.of() : d.paths();
    }
}
