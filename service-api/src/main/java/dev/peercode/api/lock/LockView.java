package dev.peercode.api.lock;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A live lock. */
@Schema(description = "A live lock on a path or glob")
public record LockView(
        @Schema(description = "Normalised path or glob", example = "src/app.ts") String path,
        @Schema(description = "Session holding the lock", example = "bob") String holder,
        @Schema(description = "Why it is held", example = "auth refactor") String reason,
        @Schema(description = "Task the lock serves, if any") String taskId,
        @Schema(description = "Fencing token: per project, strictly increasing, kept on renewal") long fencingToken,
        Instant acquiredAt,
        Instant expiresAt) {
}
