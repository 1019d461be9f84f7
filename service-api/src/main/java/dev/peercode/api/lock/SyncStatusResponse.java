package dev.peercode.api.lock;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The push token of a project; never its value. */
public record SyncStatusResponse(
        @Schema(enumeration = {
                "free", "held",
                "offered" }, description = "offered: handed to the queue head, which has until expiresAt to claim it with start") String state,
        String holder,
        Instant expiresAt,
        @Schema(description = "Waiting sessions, first is next") List<String> queue,
        @Schema(description = "The asking session's 1-based place in the queue, if it waits") Integer position,
        LastPush lastPush){
}
