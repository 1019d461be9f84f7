package dev.peercode.gateway.client;

/**
 * A backend could not answer: unreachable, too slow (timeout), failing (5xx) or paused by the
 * circuit breaker. The message is user-safe: which part is unavailable and why, in a few words.
 */
public final class BackendUnavailable extends RuntimeException {

    private final String service;
    private final String reason;

    public BackendUnavailable(String service, String reason) {
        super(service + " " + reason, null, false, false);
        this.service = service;
        this.reason = reason;
    }

    /** {@code planner-service} or {@code lock-service}. */
    public String service() {
        return service;
    }

    /** A few words: "did not answer in time", "cannot be reached", ... */
    public String reason() {
        return reason;
    }
}
