package dev.peercode.gateway.call;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * The one place a face blocks on a backend call: the backend clients answer through {@link Uni} only, and a face
 * that runs on a worker thread anyway (a blocking MCP tool, a REST resource or UI page that also asks the planner)
 * waits here.
 */
public final class Await {

    /**
     * Longer than any backend call's own bound (the lock service's read timeout, 3 s, with one retry on reads;
     * a presence touch, 2 s; the planner's {@code @Timeout}), which answer first with their own failure.
     */
    static final Duration AT_MOST = Duration.ofSeconds(10);

    private Await() {
    }

    /** The item of {@code answer}, or its failure thrown. */
    public static <T> T result(Uni<T> answer) {
        return answer.await().atMost(AT_MOST);
    }
}
