package dev.peercode.planner.debate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Settles debates past their deadline. Safe with several replicas: each debate is settled in its own
 * transaction that re-checks the state under the project lock, so a second replica finds it settled.
 */
@ApplicationScoped
public class DebateSweeper {

    static final int BATCH = 100;

    private final DebateService debates;
    private volatile boolean stopping;

    public DebateSweeper(DebateService debates) {
        this.debates = debates;
    }

    @Scheduled(every = "${peercode.planner.debate.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void sweep() {
        if (stopping) {
            return; // the database may already be gone; the next start sweeps again
        }
        try {
            sweepNow();
        } catch (RuntimeException e) {
            if (!stopping) {
                Log.warnf("Debate sweep failed, retried at the next interval: %s", e.toString());
            }
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping = true;
    }

    /** Settles every due debate it finds; returns how many it settled. */
    public int sweepNow() {
        int settled = 0;
        for (String[] due : debates.due(BATCH)) {
            try {
                if (debates.settleAtDeadline(due[0], due[1])) {
                    settled++;
                }
            } catch (RuntimeException e) {
                Log.warnf("Could not settle debate %s: %s", due[1], e.toString());
            }
        }
        return settled;
    }
}
