package dev.peercode.gateway.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.DeltaDtos.DeltaRead;
import dev.peercode.api.planner.DeltaDtos.DeltaReads;
import dev.peercode.api.planner.DeltaPage;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.problem.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Delta reads that may wait ({@code waitSeconds}) without holding anything while they wait: not a
 * planner connection, not a thread. A read that finds nothing parks a {@link Wait} with its project; the
 * planner's "project P is at seq N" wake-ups ({@link DeltaFanout}) make the project read the log again
 * for all its woken waits at once, in one planner call ({@code POST …/deltas/reads}, at most
 * {@code batch-size} reads a call, one page per read; waits making the same read from the same explicit
 * cursor share one read and its page), and each wait answers with its page; a wait whose page is empty (its
 * filter dropped what came) stays parked. A Vert.x timer ends a wait at its deadline
 * with one last normal read. The planner never sees a waiting read, so waits cannot take the planner
 * client's connections or trip its circuit breaker, and each read keeps the client's short timeout.
 *
 * <p>
 * Waits are counted per caller and per replica ({@code peercode.gateway.long-poll.*}); beyond either
 * limit a waiting read is refused with 429 (a tool error on MCP) instead of queueing.
 */
@ApplicationScoped
public class LongPolls {

    private final PlannerApi planner;
    private final GatewayConfig.LongPoll limits;
    private final Vertx vertx;
    private final Map<String, Project> byProject = new ConcurrentHashMap<>();
    private final Map<String, Integer> byCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger parked = new AtomicInteger();

    LongPolls(@RestClient PlannerApi planner, GatewayConfig config, Vertx vertx, MeterRegistry metrics) {
        this.planner = planner;
        this.limits = config.longPoll();
        this.vertx = vertx;
        Gauge.builder("peercode.long_polls.waiting", total, AtomicInteger::get)
                .description("Waiting delta reads on this replica (from their first read to their answer)").register(metrics);
        Gauge.builder("peercode.long_polls.parked", parked, AtomicInteger::get)
                .description("Waiting delta reads parked for a wake-up (their first read found nothing)").register(metrics);
    }

    /**
     * Reads the delta log; when the page is empty and {@code waitSeconds} is positive, waits up
     * to that long for the project's next delta. Reads are non-blocking planner calls; the wait holds no thread.
     *
     * @param caller whose waits this one counts against (see {@code Caller#key})
     */
    public Uni<DeltaPage> read(String projectId, DeltaRead read, Integer waitSeconds, String caller) {
        int seconds = waitSeconds == null ? 0 : waitSeconds;
        if (seconds <= 0) {
            return fetch(projectId, read);
        }
        return Uni.createFrom().deferred(() -> {
            // registered before the first read, so a wake-up that arrives during it still counts
            Wait wait = open(projectId, read, caller, Vertx.currentContext());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            return fetch(projectId, read).chain(page -> {
                long left = deadline - System.nanoTime();
                return !page.deltas().isEmpty() || left <= 0 ? Uni.createFrom().item(page) : wait.park(page.lastSeq(), left);
            }).onTermination().invoke(() -> close(wait));
        });
    }

    /** A wake-up from the planner: the project is at {@code seq} (negative: unknown, wake everyone). */
    void wake(String projectId, long seq) {
        Project project = byProject.get(projectId);
        if (project != null) {
            project.waits.forEach(w -> w.announce(seq < 0 ? Long.MAX_VALUE : seq));
            project.readWoken();
        }
    }

    private Uni<DeltaPage> fetch(String projectId, DeltaRead read) {
        return planner.deltas(projectId, read.after(), read.types(), read.excludeActor(), read.limit(), read.session());
    }

    private Wait open(String projectId, DeltaRead read, String caller, Context context) {
        if (byCaller.merge(caller, 1, Integer::sum) > limits.maxPerCaller()) {
            release(caller);
            throw tooMany("you already have " + limits.maxPerCaller() + " waiting reads (the most one caller may have)");
        }
        if (total.incrementAndGet() > limits.maxPerReplica()) {
            total.decrementAndGet();
            release(caller);
            throw tooMany("this server already holds " + limits.maxPerReplica() + " waiting reads");
        }
        Wait[] opened = new Wait[1];
        // under the map's lock for the key, so a wait always joins the project that is in the map
        byProject.compute(projectId, (id, project) -> {
            Project p = project == null ? new Project(id) : project;
            opened[0] = new Wait(p, read, caller, context);
            p.waits.add(opened[0]);
            return p;
        });
        return opened[0];
    }

    private void close(Wait wait) {
        wait.cancel();
        byProject.computeIfPresent(wait.project.id, (id, project) -> {
            project.waits.remove(wait);
            return project.waits.isEmpty() ? null : project;
        });
        total.decrementAndGet();
        release(wait.caller);
    }

    private void release(String caller) {
        byCaller.computeIfPresent(caller, (c, count) -> count > 1 ? count - 1 : null);
    }

    private static ProblemException tooMany(String why) {
        return new ProblemException(429, "too-many-waits", "Too many waiting reads",
                "Not waiting: " + why + ". Read without waitSeconds, or wait until one of your waiting reads answers");
    }

    /**
     * One project's waits on this replica. At most one read of the log for its woken waits is at the
     * planner at a time (in batches of {@code batch-size}, sent together); wake-ups that arrive meanwhile
     * are read for when it answers, so a burst of deltas costs a read or two, not one per delta.
     */
    final class Project {
        final String id;
        final Set<Wait> waits = ConcurrentHashMap.newKeySet();
        private boolean reading;
        private boolean again;

        Project(String id) {
            this.id = id;
        }

        void readWoken() {
            synchronized (this) {
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
            }
            List<Wait> woken = new ArrayList<>();
            for (Wait w : waits) {
                if (w.takeIfWoken()) {
                    woken.add(w);
                }
            }
            if (woken.isEmpty()) {
                done();
                return;
            }
            List<List<Wait>> reads = sharing(woken);
            int size = Math.max(1, limits.batchSize());
            AtomicInteger left = new AtomicInteger((reads.size() + size - 1) / size);
            for (int from = 0; from < reads.size(); from += size) {
                List<List<Wait>> batch = reads.subList(from, Math.min(reads.size(), from + size));
                planner.deltaReads(id, new DeltaReads(batch.stream().map(same -> same.get(0).read).toList())).subscribe()
                        .with(answer -> settle(batch, answer.pages(), null, left),
                                failure -> settle(batch, null, failure, left));
            }
        }

        /**
         * The woken waits grouped by the read they make, in order: waits with the same read from an explicit cursor
         * (same {@code after}, filter, limit and session) get the same page in one batch, so they share one read of
         * it and one decoded page; a read without {@code after} starts at its session's durable cursor, which every
         * such read moves, so each of those is a read of its own.
         */
        private static List<List<Wait>> sharing(List<Wait> woken) {
            Map<Object, List<Wait>> byRead = new LinkedHashMap<>();
            for (Wait w : woken) {
                byRead.computeIfAbsent(w.read.after() == null ? new Object() : w.read, read -> new ArrayList<>(1)).add(w);
            }
            return new ArrayList<>(byRead.values());
        }

        /**
         * Answers each read of a batch with its page, or all of them with the failure, and then lets the project read
         * again whatever happened: a project left "reading" would answer its waits only at their deadlines from then on.
         */
        private void settle(List<List<Wait>> batch, List<DeltaPage> pages, Throwable failure, AtomicInteger left) {
            try {
                int answered = pages == null ? 0 : pages.size();
                Throwable failed = failure != null || answered == batch.size() ? failure
                        : new IllegalStateException("the planner answered " + answered + " of " + batch.size()
                                + " delta pages");
                for (int i = 0; i < batch.size(); i++) {
                    for (Wait w : batch.get(i)) {
                        if (failed == null) {
                            w.answered(pages.get(i));
                        } else {
                            w.failed(failed);
                        }
                    }
                }
            } finally {
                if (left.decrementAndGet() == 0) {
                    done();
                }
            }
        }

        private void done() {
            boolean more;
            synchronized (this) {
                reading = false;
                more = again;
                again = false;
            }
            if (more) {
                readWoken();
            }
        }
    }

    /**
     * One waiting read: parked with the seq it has seen; woken by a wake-up beyond it (then read with the
     * project's other woken waits), or ended by its timer with a read of its own.
     */
    final class Wait {
        final Project project;
        final DeltaRead read;
        final String caller;
        /** The request's Vert.x context (null: none), where its answer continues. */
        private final Context context;
        private long announced = -1;
        private long seen = Long.MAX_VALUE;
        private CompletableFuture<DeltaPage> answer;
        private long timer = -1;
        /** In a batch read at the planner now. */
        private boolean reading;
        /** The deadline passed while {@link #reading}: the batch's page answers, even empty. */
        private boolean expired;

        Wait(Project project, DeltaRead read, String caller, Context context) {
            this.project = project;
            this.read = read;
            this.caller = caller;
            this.context = context;
        }

        /** Waits (for nothing but a timer) until a wake-up beyond {@code seq} brings a page, or the deadline. */
        Uni<DeltaPage> park(long seq, long nanosLeft) {
            CompletableFuture<DeltaPage> future = new CompletableFuture<>();
            boolean woken;
            synchronized (this) {
                seen = seq;
                answer = future;
                parked.incrementAndGet();
                timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanosLeft)), id -> expire());
                // a wake-up that came since the wait opened (during the read before it) counts
                woken = announced > seen;
            }
            if (woken) {
                project.readWoken();
            }
            return Uni.createFrom().completionStage(future);
        }

        synchronized void announce(long seq) {
            announced = Math.max(announced, seq);
        }

        /** Whether the wait is parked and woken; if so it is now being read for. */
        synchronized boolean takeIfWoken() {
            if (answer == null || reading || announced <= seen) {
                return false;
            }
            reading = true;
            return true;
        }

        /** Its page from a batch: answers, unless empty and in time (the filter dropped what came: park on). */
        void answered(DeltaPage page) {
            CompletableFuture<DeltaPage> future;
            synchronized (this) {
                reading = false;
                if (answer == null || (page.deltas().isEmpty() && !expired)) {
                    seen = page.lastSeq();
                    return; // cancelled, or parked on (a later wake-up beyond lastSeq reads it again)
                }
                future = settle();
            }
            onOwnContext(() -> future.complete(page));
        }

        void failed(Throwable failure) {
            CompletableFuture<DeltaPage> future;
            synchronized (this) {
                reading = false;
                future = settle();
            }
            if (future != null) {
                onOwnContext(() -> future.completeExceptionally(failure));
            }
        }

        /** The deadline: one last read of its own (it also covers a wake-up lost while Redis was away). */
        private void expire() {
            CompletableFuture<DeltaPage> future;
            synchronized (this) {
                timer = -1;
                if (reading) {
                    expired = true; // the batch in flight answers; a read of its own could race its cursor
                    return;
                }
                future = settle();
            }
            if (future != null) {
                fetch(project.id, read).subscribe().with(future::complete, future::completeExceptionally);
            }
        }

        /**
         * Runs the rest of this wait's request (its answer's serialisation and writing) on the request's own context:
         * a batch answers hundreds of waits at once, and continuing each inline would write them all, one after the
         * other, on the one thread that received the planner's answer.
         */
        private void onOwnContext(Runnable answer) {
            if (context == null) {
                answer.run();
            } else {
                context.runOnContext(ignored -> answer.run());
            }
        }

        synchronized void cancel() {
            settle();
        }

        /** Unparks: the pending answer (null if none), its timer cancelled. */
        private CompletableFuture<DeltaPage> settle() {
            CompletableFuture<DeltaPage> future = answer;
            if (future != null) {
                parked.decrementAndGet();
            }
            answer = null;
            seen = Long.MAX_VALUE;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            return future;
        }
    }
}
