package dev.peercode.planner.project;

/**
 * What a member of a project may do changed: a token of theirs was revoked, their role changed or they
 * were removed. Fired inside the transaction; announced to the gateways once it commits
 * ({@link AccessAnnouncer}).
 */
public record AccessChanged(String projectId, String subject) {
}
