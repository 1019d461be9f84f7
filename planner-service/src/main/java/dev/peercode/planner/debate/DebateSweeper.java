package dev.peercode.planner.debate;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Settles debates past their deadline. Safe with several replicas: each debate is settled in its own
 * transaction that re-checks the state under the project lock, so a second replica finds it settled.
 */
@ApplicationScoped
public class DebateSweeper {

    static final int BATCH = 100;

    private final DebateService debates;

    public DebateSweeper(DebateService debates) {
        this.debates = debates;
    }

    @Scheduled(every = "${peercode.planner.debate.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void sweep() {
        sweepNow();
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
