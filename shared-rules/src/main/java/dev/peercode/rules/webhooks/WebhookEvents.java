package dev.peercode.rules.webhooks;

import java.util.List;

/**
 * The events a webhook can subscribe to: the planner delivers them, the gateway's web UI offers them. A person
 * is told about what needs a person: debates that wait for one, blockers and warnings, forced lock releases,
 * sessions gone idle while holding locks or the push token, completed pushes.
 */
public final class WebhookEvents {

    public static final String DEBATE_ESCALATED = "debate.escalated";
    public static final String DEBATE_NO_QUORUM = "debate.no_quorum";
    public static final String BLOCKER = "blocker";
    public static final String WARNING = "warning";
    public static final String LOCK_FORCE_RELEASED = "lock.force_released";
    public static final String SYNC_COMPLETED = "sync.completed";
    /** A session not seen for the presence window while it holds file locks or the push token (lock service). */
    public static final String SESSION_IDLE = "session.idle";

    /** Every event, in the order the UI offers them, as a caller reads them (a constant: usable in a message). */
    public static final String LISTED = DEBATE_ESCALATED + ", " + DEBATE_NO_QUORUM + ", " + BLOCKER + ", " + WARNING
            + ", " + LOCK_FORCE_RELEASED + ", " + SESSION_IDLE + ", " + SYNC_COMPLETED;
    /** Every event, in the order the UI offers them. */
    public static final List<String> ALL = List.of(LISTED.split(", "));

    private WebhookEvents() {
    }
}
