package dev.peercode.api.lock;

import java.time.Instant;

/** The last completed push of a project. */
public record LastPush(String commitSha, String summary, String by, Instant at) {
}
