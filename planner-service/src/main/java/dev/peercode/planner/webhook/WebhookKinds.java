package dev.peercode.planner.webhook;

import java.util.List;
import java.util.Optional;

import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaTypes;

/**
 * The events a webhook can subscribe to, and which delta each one is. A person is told about what needs
 * a person: debates that wait for one, blockers and warnings, forced lock releases, sessions gone idle while
 * holding locks or the push token, completed pushes.
 */
public final class WebhookKinds {

    public static final String DEBATE_ESCALATED = "debate.escalated";
    public static final String DEBATE_NO_QUORUM = "debate.no_quorum";
    public static final String BLOCKER = "blocker";
    public static final String WARNING = "warning";
    public static final String LOCK_FORCE_RELEASED = "lock.force_released";
    public static final String SYNC_COMPLETED = "sync.completed";
    /** A session not seen for the presence window while it holds file locks or the push token (lock service). */
    public static final String SESSION_IDLE = "session.idle";

    /** Every kind, in the order the UI offers them, as a caller reads them (a constant: usable in a message). */
    public static final String LISTED = DEBATE_ESCALATED + ", " + DEBATE_NO_QUORUM + ", " + BLOCKER + ", " + WARNING
            + ", " + LOCK_FORCE_RELEASED + ", " + SESSION_IDLE + ", " + SYNC_COMPLETED;
    /** Every kind, in the order the UI offers them. */
    public static final List<String> ALL = List.of(LISTED.split(", "));

    private WebhookKinds() {
    }

    /**
     * The event kind of a delta, if it is one a webhook may report. A debate escalated at its deadline
     * because too few answered is {@code debate.no_quorum}; any other escalation (a tie, an agent's explicit
     * escalate) is {@code debate.escalated}.
     */
    public static Optional<String> of(DeltaDraft delta) {
        return Optional.ofNullable(switch (delta.type()) {
            case DeltaTypes.DEBATE_ESCALATED -> "no_quorum".equals(delta.data().get("cause")) ? DEBATE_NO_QUORUM
                    : DEBATE_ESCALATED;
            case "blocker" -> BLOCKER;
            case "warning" -> WARNING;
            case "lock.force_released" -> LOCK_FORCE_RELEASED;
            case "sync.completed" -> SYNC_COMPLETED;
            case "session.idle" -> SESSION_IDLE;
            default -> null;
        });
    }

    /** The UI page a person opens for an event of this kind (relative to the project's page). */
    static String page(String kind) {
        return switch (kind) {
            case DEBATE_ESCALATED, DEBATE_NO_QUORUM -> "/debates";
            case LOCK_FORCE_RELEASED, SESSION_IDLE, SYNC_COMPLETED -> "";
            default -> "/timeline";
        };
    }
}
