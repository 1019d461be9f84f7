package dev.peercode.api.lock;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code granted}: the caller holds the push token ({@code token}, until {@code expiresAt}).
 * {@code queued}: it waits at {@code position} (1 = next) behind {@code holder}. The branch and the
 * git steps are the gateway's business.
 */
public record SyncStartResponse(
        @Schema(enumeration = {
                "granted", "queued" }) String status,
        @Schema(description = "The token value; only the holder ever sees it") String token,
        @Schema(description = "When the token expires (granted), or when the holder's turn ends (queued)") Instant expiresAt,
        @Schema(description = "1-based place in the queue (queued)") Integer position,
        @Schema(description = "Who holds or has been offered the token (queued)") String holder,
        LastPush lastPush){
}
