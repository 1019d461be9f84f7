package dev.peercode.gateway.live;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.client.PlannerClient;
import dev.peercode.gateway.client.PlannerDtos.DeltaPage;
import dev.peercode.gateway.client.PlannerDtos.DeltaRead;
import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Delta reads that may wait ({@code waitSeconds}) without holding anything while they wait: not a
 * planner connection, not a thread. A read that finds nothing registers a {@link Wait} for the
 * project; the planner's "project P is at seq N" wake-ups ({@link DeltaFanout}) complete it, a Vert.x
 * timer ends it at the deadline, and then one normal, non-waiting read answers. The planner never
 * sees a waiting read, so waits cannot take the planner client's connections or trip its circuit
 * breaker, and each read keeps the client's short timeout.
 *
 * <p>
 * Waits are counted per caller and per replica ({@code peercode.gateway.long-poll.*}); beyond either
 * limit a waiting read is refused with 429 (a tool error on MCP) instead of queueing.
 */
@ApplicationScoped
public class LongPolls {

    /** See {@link #spread()}. */
    static final Duration WAKE_SPREAD = Duration.ofSeconds(1);

    private final PlannerClient planner;
    private final GatewayConfig.LongPoll limits;
    private final Vertx vertx;
    private final Map<String, Set<Wait>> byProject = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Queue<Runnable> queuedRereads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger rereadsInFlight = new AtomicInteger();

    LongPolls(PlannerClient planner, GatewayConfig config, Vertx vertx) {
        this.planner = planner;
        this.limits = config.longPoll();
        this.vertx = vertx;
    }

    /**
     * Reads the delta log; when the page is empty and {@code read.waitSeconds()} is positive, waits up
     * to that long for the project's next delta. Blocking reads run on a worker thread; the wait runs on
     * nothing.
     *
     * @param caller whose waits this one counts against (see {@code Caller#key})
     */
    public Uni<DeltaPage> read(String projectId, DeltaRead read, String caller) {
        DeltaRead now = new DeltaRead(read.after(), read.types(), read.excludeActor(), read.limit(), 0, read.session());
        int seconds = read.waitSeconds() == null ? 0 : read.waitSeconds();
        if (seconds <= 0) {
            return fetch(projectId, now);
        }
        return Uni.createFrom().deferred(() -> {
            Wait wait = open(projectId, caller);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            return fetch(projectId, now).chain(page -> until(page, wait, deadline, projectId, now))
                    .onTermination().invoke(() -> close(wait));
        });
    }

    /** How many reads wait on this replica right now. */
    public int waiting() {
        return total.get();
    }

    /** A wake-up from the planner: the project is at {@code seq} (negative: unknown, wake everyone). */
    void wake(String projectId, long seq) {
        Set<Wait> waits = byProject.get(projectId);
        if (waits != null) {
            waits.forEach(w -> w.announce(seq < 0 ? Long.MAX_VALUE : seq));
        }
    }

    private Uni<DeltaPage> until(DeltaPage page, Wait wait, long deadline, String projectId, DeltaRead read) {
        long left = deadline - System.nanoTime();
        if (!page.deltas().isEmpty() || left <= 0) {
            return Uni.createFrom().item(page);
        }
        return wait.beyond(page.lastSeq(), Duration.ofNanos(left))
                // woken: read again (what came may be filtered out: keep waiting); timed out: one last read,
                // which also covers a wake-up lost while Redis was away
                .chain(woken -> (woken ? spread().chain(() -> reread(projectId, read)) : fetch(projectId, read))
                        .chain(next -> woken ? until(next, wait, deadline, projectId, read) : Uni.createFrom().item(next)));
    }

    /**
     * One delta wakes every read waiting on its project at once; spread their re-reads over up to
     * {@link #WAKE_SPREAD} so hundreds of them do not reach the planner in the same instant (300 at once
     * timed some out on a busy machine). Waits on a timer, not a thread.
     */
    private static Uni<Void> spread() {
        // At least 1 ms: Mutiny refuses a delay of zero (one woken read in a thousand failed with a 500).
        long millis = 1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(WAKE_SPREAD.toMillis());
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(millis));
    }

    /**
     * A woken read's read, with at most {@code rereads-in-flight} of them at the planner at once; the rest wait
     * in a queue (no thread) and each call keeps the client's whole timeout once it starts.
     */
    private Uni<DeltaPage> reread(String projectId, DeltaRead read) {
        return Uni.createFrom().emitter(emitter -> {
            queuedRereads.add(() -> fetch(projectId, read).onTermination().invoke(this::rereadDone)
                    .subscribe().with(emitter::complete, emitter::fail));
            startQueuedRereads();
        });
    }

    private void rereadDone() {
        rereadsInFlight.decrementAndGet();
        startQueuedRereads();
    }

    private void startQueuedRereads() {
        while (!queuedRereads.isEmpty()) {
            int inFlight = rereadsInFlight.get();
            if (inFlight >= limits.rereadsInFlight()) {
                return; // a read in flight starts the next when it ends
            }
            if (rereadsInFlight.compareAndSet(inFlight, inFlight + 1)) {
                Runnable next = queuedRereads.poll();
                if (next == null) {
                    rereadsInFlight.decrementAndGet(); // another thread started it; look again
                } else {
                    next.run();
                }
            }
        }
    }

    private Uni<DeltaPage> fetch(String projectId, DeltaRead read) {
        return planner.deltas(projectId, read);
    }

    private Wait open(String projectId, String caller) {
        AtomicInteger mine = byCaller.computeIfAbsent(caller, c -> new AtomicInteger());
        if (mine.incrementAndGet() > limits.maxPerCaller()) {
            release(caller, mine);
            throw tooMany("you already have " + limits.maxPerCaller() + " waiting reads (the most one caller may have)");
        }
        if (total.incrementAndGet() > limits.maxPerReplica()) {
            total.decrementAndGet();
            release(caller, mine);
            throw tooMany("this server already holds " + limits.maxPerReplica() + " waiting reads");
        }
        Wait wait = new Wait(projectId, caller);
        byProject.computeIfAbsent(projectId, p -> ConcurrentHashMap.newKeySet()).add(wait);
        return wait;
    }

    private void close(Wait wait) {
        wait.cancel();
        byProject.computeIfPresent(wait.projectId, (p, waits) -> {
            waits.remove(wait);
            return waits.isEmpty() ? null : waits;
        });
        total.decrementAndGet();
        AtomicInteger mine = byCaller.get(wait.caller);
        if (mine != null) {
            release(wait.caller, mine);
        }
    }

    private void release(String caller, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            byCaller.remove(caller, count);
        }
    }

    private static ProblemException tooMany(String why) {
        return new ProblemException(429, "too-many-waits", "Too many waiting reads",
                "Not waiting: " + why + ". Read without waitSeconds, or wait until one of your waiting reads answers");
    }

    /** One waiting read: completed by the first wake-up beyond the seq it has seen, or by its timer. */
    final class Wait {
        final String projectId;
        final String caller;
        private long announced = -1;
        private long beyond = Long.MAX_VALUE;
        private CompletableFuture<Boolean> pending;
        private long timer = -1;

        Wait(String projectId, String caller) {
            this.projectId = projectId;
            this.caller = caller;
        }

        /**
         * True once the project is announced beyond {@code seq}, false at the timeout. A wake-up that came
         * since the wait opened (during the read before it) counts, so none falls between read and wait.
         */
        Uni<Boolean> beyond(long seq, Duration timeout) {
            CompletableFuture<Boolean> future = new CompletableFuture<>();
            synchronized (this) {
                if (announced > seq) {
                    return Uni.createFrom().item(true);
                }
                beyond = seq;
                pending = future;
                timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> settle(false));
            }
            return Uni.createFrom().completionStage(future);
        }

        void announce(long seq) {
            boolean now;
            synchronized (this) {
                announced = Math.max(announced, seq);
                now = pending != null && announced > beyond;
            }
            if (now) {
                settle(true);
            }
        }

        void cancel() {
            settle(false);
        }

        private void settle(boolean woken) {
            CompletableFuture<Boolean> future;
            synchronized (this) {
                future = pending;
                pending = null;
                beyond = Long.MAX_VALUE;
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                    timer = -1;
                }
            }
            if (future != null) {
                future.complete(woken);
            }
        }
    }
}
