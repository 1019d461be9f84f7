package dev.peercode.api.lock;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an acquire did: newly locked patterns share one fencing token; renewed ones keep theirs. */
public record AcquireLocksResponse(
        @Schema(description = "Fencing token of the newly acquired locks; null when all were renewals") Long fencingToken,
        List<String> acquired,
        List<String> renewed,
        @Schema(description = "Every lock named by the request, as it now stands") List<LockView> locks) {
}
