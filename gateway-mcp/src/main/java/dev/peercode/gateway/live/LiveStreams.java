package dev.peercode.gateway.live;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Guards every long-lived event stream (issue 16 #10), with authentication on: a caller holds at most
 * {@code peercode.gateway.streams.max-streams-per-caller} of them on this replica (each is an open connection
 * and a subscriber of every wake-up), and an open stream ends once its caller may no longer see the project:
 * authorisation is checked when a stream opens, and then again every {@code membership-recheck}, so a member
 * removed from the project (or whose agent token was revoked) stops receiving within that interval instead of
 * until they reconnect.
 */
@ApplicationScoped
public class LiveStreams {

    private final CallerResolver callers;
    private final StreamsConfig config;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    LiveStreams(CallerResolver callers, StreamsConfig config) {
        this.callers = callers;
        this.config = config;
    }

    /**
     * {@code stream}, counted against {@code caller} (429 {@code too-many-streams} beyond the limit) and ended
     * (completed) at the first re-check that finds the caller no longer allowed on the project.
     */
    public <T> Multi<T> guarded(Caller caller, String projectId, Multi<T> stream) {
        if (caller.local()) {
            // Local mode: one person on their own machine, owner of everything; nothing to limit or re-check.
            return stream;
        }
        String key = caller.key();
        if (open.merge(key, 1, Integer::sum) > config.maxStreamsPerCaller()) {
            release(key);
            throw new ProblemException(429, "too-many-streams", "Too many live streams",
                    "you already have " + config.maxStreamsPerCaller() + " live event streams open (the most one "
                            + "caller may have on a server); close one (e.g. a browser tab) and retry",
                    List.of(), Map.of("limit", config.maxStreamsPerCaller()));
        }
        // A re-check slower than the interval (a slow planner) skips ticks rather than failing the stream, which would
        // end it and give its place back while its client is still there.
        Multi<T> revoked = Multi.createFrom().ticks().every(config.membershipRecheck()).onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> stillAllowed(caller, projectId))
                .onItem().<T> transformToMultiAndConcatenate(
                        allowed -> allowed ? Multi.createFrom().empty() : Multi.createFrom().failure(new Revoked()));
        return Multi.createBy().merging().streams(stream, revoked)
                .onFailure(Revoked.class).recoverWithCompletion()
                .onTermination().invoke(() -> release(key));
    }

    private Uni<Boolean> stillAllowed(Caller caller, String projectId) {
        return callers.stillAllowed(caller, projectId).invoke(allowed -> {
            if (!allowed) {
                Log.debugf("Ending a live stream of project %s: its caller may no longer see it", projectId);
            }
        });
    }

    private void release(String key) {
        open.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
    }

    /** The re-check's verdict, turned into the stream's completion. */
    private static final class Revoked extends RuntimeException {
        Revoked() {
            super(null, null, false, false);
        }
    }
}
