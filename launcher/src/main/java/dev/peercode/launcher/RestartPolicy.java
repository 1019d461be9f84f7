package dev.peercode.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Optional;

/**
 * When the launcher restarts a service that exited on its own, and when it stops trying: the delay
 * doubles from {@code firstDelay} up to {@code maxDelay} with each failure inside {@code window}, and
 * after {@code maxFailures} failures inside the window the service stays down — a service that keeps
 * crashing has a cause a restart will not fix, and a restart loop would hide it.
 *
 * @param firstDelay the delay before the first restart (default 1 s)
 * @param maxDelay the longest delay between restarts (default 30 s)
 * @param maxFailures how many unexpected exits inside {@code window} are restarted; the next one gives up
 *        (default 5)
 * @param window how far back failures count (default 10 min); a service that stayed up longer starts afresh
 */
public record RestartPolicy(Duration firstDelay, Duration maxDelay, int maxFailures, Duration window) {

    /** What {@code ./run-local.sh} uses. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5,
            Duration.ofMinutes(10));

    public RestartPolicy {
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || maxFailures < 1 || window.isZero()
                || window.isNegative()) {
            throw new IllegalArgumentException("Restart policy needs 0 <= firstDelay <= maxDelay, maxFailures >= 1 and"
                    + " a positive window");
        }
    }

    /**
     * Records a failure at {@code now} in {@code failures} (forgetting those older than the window) and
     * answers the delay before the restart, or empty when the service has failed too often to be restarted.
     */
    Optional<Duration> afterFailure(Deque<Instant> failures, Instant now) {
        failures.addLast(now);
        while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(window))) {
            failures.removeFirst();
        }
        int count = failures.size();
        if (count > maxFailures) {
            return Optional.empty();
        }
        Duration delay = firstDelay;
        for (int i = 1; i < count && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
    }
}
