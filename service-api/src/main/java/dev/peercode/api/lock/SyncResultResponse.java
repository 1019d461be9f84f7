package dev.peercode.api.lock;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code complete} or {@code abort} did, and to whom the token was handed over. */
public record SyncResultResponse(
        @Schema(enumeration = {
                "completed", "released", "declined", "left-queue" }) String result,
        @Schema(description = "The queue head now offered the token, if any") String next,
        @Schema(description = "Until when next may claim it") Instant claimUntil,
        LastPush lastPush){
}
