package dev.peercode.lock;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.lock.store.CoordinationStore;
import dev.peercode.lock.store.Script;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Turns expired locks and push tokens into their events, and sessions gone idle while holding them into
 * {@code session.idle}, on every replica. Redis drops the entries
 * by TTL on its own; the sweep scripts notice the index entries whose key is gone and report each
 * once, because the index entry is removed in the same script that writes the event. Running on
 * several replicas at once is therefore safe, and only makes reporting faster.
 */
@ApplicationScoped
public class ExpirySweeper {

    /** Batches per script and run; the next run continues where this one stopped. */
    private static final int MAX_ROUNDS = 20;

    private final CoordinationStore store;
    private final LockServiceConfig config;
    private final Timer sweeps;
    private final Counter lockExpiries;
    private final Counter idleReports;

    public ExpirySweeper(CoordinationStore store, LockServiceConfig config, MeterRegistry metrics) {
        this.store = store;
        this.config = config;
        this.sweeps = metrics.timer("peercode.lock.sweeps");
        // Counted on the replica that reported them: summed over replicas, one per expired lock.
        this.lockExpiries = metrics.counter("peercode.lock.expiries.reported");
        this.idleReports = metrics.counter("peercode.lock.idle.reported");
    }

    // Skipped while the application starts or shuts down, so a stopping replica never sweeps with a
    // closing Redis client; the others (or its next start) pick up what is due.
    @Scheduled(identity = "expiry-sweeper", every = "${peercode.lock.sweep-interval:1s}", delayed = "${peercode.lock.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            sweeps.record(() -> {
                sweepOnce();
            });
        } catch (RuntimeException e) {
            // Redis away for a moment: the next run catches up, nothing is lost (the index stays).
            Log.warnf("Expiry sweep failed: %s", e.getMessage());
        }
    }

    /** One full sweep: every due lock and push token, in batches. Returns how many entries were examined. */
    public int sweepOnce() {
        String batch = Integer.toString(config.sweepBatch());
        List<String> syncArgs = List.of(batch, Long.toString(config.claimWindow().toMillis()),
                Long.toString(config.indexRetention().toMillis()));
        int examined = drain(Script.LOCK_SWEEP, List.of(batch)) + drain(Script.SYNC_SWEEP, syncArgs);
        return config.idleSweepEnabled() ? examined + sweepIdle(config.presenceWindow()).examined() : examined;
    }

    /**
     * Reports sessions gone idle (not seen within the presence window) while holding locks or the push token:
     * one {@code session.idle} event per idle episode, whichever replica runs first (idle_sweep.lua).
     */
    public Sweep sweepIdle(Duration window) {
        Sweep sweep = store.run(Script.IDLE_SWEEP, Sweep.class, List.of(Long.toString(window.toMillis()),
                Integer.toString(config.idleSweepMaxEntries()), Long.toString(config.indexRetention().toMillis())));
        idleReports.increment(sweep.reported());
        return sweep;
    }

    /** Repeats a sweep script while it finds full batches, within a bound so one run always ends. */
    private int drain(Script script, List<String> args) {
        int examined = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Sweep sweep = store.run(script, Sweep.class, args);
            examined += sweep.examined();
            if (script == Script.LOCK_SWEEP) {
                lockExpiries.increment(sweep.expired());
            }
            if (sweep.examined() < config.sweepBatch()) {
                break;
            }
        }
        return examined;
    }

    /** What one sweep script looked at and reported (the fields a script does not write stay 0). */
    public record Sweep(int examined, int expired, int reported) {
    }
}
