package dev.peercode.api.lock;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether a path may be edited: the live locks of other sessions overlapping it. */
public record LockCheckResponse(
        String path,
        @Schema(description = "True when another session holds a lock overlapping the path") boolean locked,
        List<LockView> locks) {
}
