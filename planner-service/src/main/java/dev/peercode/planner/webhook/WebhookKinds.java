package dev.peercode.planner.webhook;

import java.util.Optional;

import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.rules.webhooks.WebhookEvents;

/**
 * Which delta each webhook event is (the events themselves: shared-rules' {@link WebhookEvents}), and the UI page
 * a person opens for it.
 */
public final class WebhookKinds {

    private WebhookKinds() {
    }

    /**
     * The event kind of a delta, if it is one a webhook may report. A debate escalated at its deadline
     * because too few answered is {@code debate.no_quorum}; any other escalation (a tie, an agent's explicit
     * escalate) is {@code debate.escalated}.
     */
    public static Optional<String> of(DeltaDraft delta) {
        return Optional.ofNullable(switch (delta.type()) {
            case DeltaTypes.DEBATE_ESCALATED -> "no_quorum".equals(delta.data().get("cause")) ? WebhookEvents.DEBATE_NO_QUORUM
                    : WebhookEvents.DEBATE_ESCALATED;
            case "blocker" -> WebhookEvents.BLOCKER;
            case "warning" -> WebhookEvents.WARNING;
            case "lock.force_released" -> WebhookEvents.LOCK_FORCE_RELEASED;
            case "sync.completed" -> WebhookEvents.SYNC_COMPLETED;
            case "session.idle" -> WebhookEvents.SESSION_IDLE;
            default -> null;
        });
    }

    /** The UI page a person opens for an event of this kind (relative to the project's page). */
    static String page(String kind) {
        return switch (kind) {
            case WebhookEvents.DEBATE_ESCALATED, WebhookEvents.DEBATE_NO_QUORUM -> "/debates";
            case WebhookEvents.LOCK_FORCE_RELEASED, WebhookEvents.SESSION_IDLE, WebhookEvents.SYNC_COMPLETED -> "";
            default -> "/timeline";
        };
    }
}
