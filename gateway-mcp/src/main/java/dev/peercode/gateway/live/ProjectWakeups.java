package dev.peercode.gateway.live;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * This replica's stream of "project P is at seq N" wake-ups, for web-UI server-sent events. Fed by
 * {@link DeltaFanout}; hot (a listener sees what arrives after it joined) and never buffered per listener
 * beyond what it has not consumed yet.
 */
@ApplicationScoped
public class ProjectWakeups {

    /** One wake-up: re-read the project (its deltas after your cursor) to see what changed. */
    public record Wakeup(String projectId, long seq) {
    }

    private final BroadcastProcessor<Wakeup> processor = BroadcastProcessor.create();

    void publish(Wakeup wakeup) {
        processor.onNext(wakeup);
    }

    /** Wake-ups of one project, from now on. */
    public Multi<Wakeup> of(String projectId) {
        return processor.filter(w -> w.projectId().equals(projectId))
                .onOverflow().dropPreviousItems();
    }
}
