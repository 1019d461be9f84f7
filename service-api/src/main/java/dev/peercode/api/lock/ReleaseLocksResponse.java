package dev.peercode.api.lock;

import java.util.List;

/** Patterns released, and named patterns that were not locked at all (nothing to do). */
public record ReleaseLocksResponse(List<String> released, List<String> notHeld) {
}
