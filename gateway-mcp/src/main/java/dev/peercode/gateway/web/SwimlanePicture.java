package dev.peercode.gateway.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.SessionSpan;

/**
 * What each session did in the last hours as server-rendered SVG ({@code tags/swimlaneSvg.html} draws it): one
 * lane per session with three bands — tasks it held, the time it held at least one file lock, and the push token —
 * plus marks for pushes completed and debate steps. What was held when is the planner's answer
 * ({@code GET …/history/sessions}, derived from its log: spans already cut to the window, a session's overlapping
 * locks already joined, the lock's label naming its paths here); this draws it. Every kind has its own line pattern
 * and a word on it, so the picture reads without colour; its {@link #lanes()} are also the rows of its text
 * alternative.
 */
public final class SwimlanePicture {

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
    /** The window the page asked for; the planner's clock (its since and until) may differ a little from ours. */
    private final int hours;
    private final Instant start;
    private final Instant now;
    private final TimeAxis axis;
    private final List<Lane> lanes = new ArrayList<>();

    private SwimlanePicture(String projectId, SessionHistory history, int hours) {
        this.projectId = projectId;
        this.hours = hours;
        this.start = history.since();
        this.now = history.until();
        Map<String, List<Span>> bySession = new TreeMap<>();
        for (SessionSpan s : history.spans()) {
            bySession.computeIfAbsent(s.session(), k -> new ArrayList<>()).add(span(s));
        }
        int top = TimeAxis.MARGIN + AXIS;
        axis = new TimeAxis(start, now, TimeAxis.MARGIN + LABEL_WIDTH, PLOT_WIDTH, top,
                top + Math.max(1, bySession.size()) * LANE_HEIGHT, CLOCK);
        bySession.forEach((session, spans) -> lanes.add(new Lane(session, spans, top + lanes.size() * LANE_HEIGHT,
                axis)));
    }

    /** A span of the planner's answer as this picture names and labels it. */
    private static Span span(SessionSpan s) {
        String label = switch (s.kind()) {
            case "lock" -> s.paths().size() == 1 ? s.paths().get(0)
                    : s.paths().size() + " paths: " + String.join(", ", s.paths().stream().limit(5).toList())
                            + (s.paths().size() > 5 ? ", …" : "");
            case "token" -> "push token";
            case "push" -> s.label() == null ? "pushed" : "pushed " + s.label().substring(0, Math.min(7, s.label().length()));
            default -> s.label() == null ? s.kind() : s.label();
        };
        return new Span(s.session(), s.kind().equals("token") ? "push token" : s.kind(), s.from(), s.to(), label,
                s.ongoing());
    }

    /** The picture of the planner's answer for the window {@code [since, until]}. */
    static SwimlanePicture of(String projectId, int hours, SessionHistory history) {
        return new SwimlanePicture(projectId, history, hours);
    }

    public String projectId() {
        return projectId;
    }

    public TimeAxis axis() {
        return axis;
    }

    public int hours() {
        return hours;
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

    private static List<Span> kind(List<Span> spans, String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).toList();
    }
}
