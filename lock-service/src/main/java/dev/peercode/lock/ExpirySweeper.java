package dev.peercode.lock;

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
 * Turns expired locks and push tokens into their events, on every replica. Redis drops the entries
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

    public ExpirySweeper(CoordinationStore store, LockServiceConfig config, MeterRegistry metrics) {
        this.store = store;
        this.config = config;
        this.sweeps = metrics.timer("peercode.lock.sweeps");
        // Counted on the replica that reported them: summed over replicas, one per expired lock.
        this.lockExpiries = metrics.counter("peercode.lock.expiries.reported");
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
        return drain(Script.LOCK_SWEEP, List.of(batch)) + drain(Script.SYNC_SWEEP, syncArgs);
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

    record Sweep(int examined, int expired) {
    }
}
