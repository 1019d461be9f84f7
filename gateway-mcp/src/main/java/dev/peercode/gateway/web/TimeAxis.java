package dev.peercode.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The time axis the burn-up and the swimlane share ({@code tags/timeAxis.html} draws it): {@code start} to
 * {@code now} across {@code span} pixels from {@code left}, seven ticks (start, five between, now) whose grid lines
 * run from {@code top} to {@code bottom}, times written with {@code format}.
 */
public record TimeAxis(Instant start, Instant now, int left, int span, int top, int bottom, DateTimeFormatter format) {

    /** The space around both pictures, and where their row names start. */
    static final int MARGIN = 16;
    static final int TICKS = 6;

    /** A tick: its instant, where it stands and its time as written. */
    public record Tick(Instant at, int x, String time) {
    }

    public int margin() {
        return MARGIN;
    }

    public List<Tick> ticks() {
        return IntStream.rangeClosed(0, TICKS).mapToObj(i -> start.plus(Duration.between(start, now).multipliedBy(i)
                .dividedBy(TICKS))).map(at -> new Tick(at, x(at), format.format(at))).toList();
    }

    /** Where {@code at} falls: instants outside the axis stand at its ends. */
    public int x(Instant at) {
        long total = Math.max(1, Duration.between(start, now).toMillis());
        long offset = Math.max(0, Math.min(total, Duration.between(start, at).toMillis()));
        return left + (int) (offset * span / total);
    }

    /** Where "now" stands: the axis' right end. */
    public int end() {
        return left + span;
    }

    public String time(Instant at) {
        return format.format(at);
    }
}
