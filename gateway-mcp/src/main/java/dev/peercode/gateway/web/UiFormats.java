package dev.peercode.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** How the pages write times: UTC clock times, and "how long ago" for presence. */
@TemplateExtension
final class UiFormats {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private UiFormats() {
    }

    /** {@code {instant.clock}}: 2026-11-25 18:03:10 UTC. */
    static String clock(Instant instant) {
        return instant == null ? "" : CLOCK.format(instant);
    }

    /** {@code {instant.ago}}: 12 s ago, 3 min ago, 2 h ago. */
    static String ago(Instant instant) {
        if (instant == null) {
            return "";
        }
        long seconds = Math.max(0, Duration.between(instant, Instant.now()).toSeconds());
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        return seconds / 3600 + " h ago";
    }

    /** {@code {status.label}}: in_progress as "in progress". */
    static String label(String status) {
        return status == null ? "" : status.replace('_', ' ');
    }

    /** {@code {type.cssName}}: a delta type as a CSS class name part (task.created as task-created). */
    static String cssName(String type) {
        return type == null ? "" : type.replace('.', '-').replace('_', '-');
    }

    /** {@code {instant.left}}: what is left until it, as m:ss (the page's script keeps it counting down). */
    static String left(Instant instant) {
        if (instant == null) {
            return "";
        }
        long seconds = Duration.between(Instant.now(), instant).toSeconds();
        return seconds <= 0 ? "expired" : seconds / 60 + ":" + String.format("%02d", seconds % 60) + " left";
    }
}
