package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private final Deque<Instant> failures = new ArrayDeque<>();
    private final Instant t0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void theDelayDoublesUpToTheMaximumAndTheServiceIsGivenUpAfterTooManyFailuresInTheWindow() {
        RestartPolicy policy = RestartPolicy.DEFAULT;
        assertThat(policy.afterFailure(failures, t0)).contains(Duration.ofSeconds(1));
        assertThat(policy.afterFailure(failures, t0.plusSeconds(5))).contains(Duration.ofSeconds(2));
        assertThat(policy.afterFailure(failures, t0.plusSeconds(10))).contains(Duration.ofSeconds(4));
        assertThat(policy.afterFailure(failures, t0.plusSeconds(20))).contains(Duration.ofSeconds(8));
        assertThat(policy.afterFailure(failures, t0.plusSeconds(40))).contains(Duration.ofSeconds(16));
        assertThat(policy.afterFailure(failures, t0.plusSeconds(60))).isEmpty();
    }

    @Test
    void theDelayNeverExceedsTheMaximum() {
        RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(3), 10, Duration.ofHours(1));
        Optional<Duration> last = Optional.empty();
        for (int i = 0; i < 10; i++) {
            last = policy.afterFailure(failures, t0.plusSeconds(i));
        }
        assertThat(last).contains(Duration.ofSeconds(3));
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 2, Duration.ofMinutes(10));
        assertThat(policy.afterFailure(failures, t0)).isPresent();
        assertThat(policy.afterFailure(failures, t0.plus(Duration.ofMinutes(5)))).contains(Duration.ofSeconds(2));
        // The first one is now 11 minutes old: two in the window, still allowed, and the delay is the second one's.
        assertThat(policy.afterFailure(failures, t0.plus(Duration.ofMinutes(11)))).contains(Duration.ofSeconds(2));
        assertThat(policy.afterFailure(failures, t0.plus(Duration.ofMinutes(12)))).isEmpty();
    }

    @Test
    void refusesAPolicyThatCannotWork() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), 3, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
