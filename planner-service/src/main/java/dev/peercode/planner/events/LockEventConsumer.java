package dev.peercode.planner.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.events.LockEventAppender.Entry;
import dev.peercode.planner.events.LockEventAppender.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes {@code peercode:events} with the consumer group {@code planner}: each entry becomes one delta
 * and is acknowledged only after that delta committed (the entries of one read are appended per project
 * in one transaction, then acknowledged together). A crash between commit and XACK leaves the entry
 * pending; whoever reclaims it finds the delta already there (idempotent on the entry id) and just
 * acknowledges. Entries pending longer than {@code claim-min-idle} on a dead consumer are taken over
 * with XAUTOCLAIM. At the same interval the stream is trimmed of what the group acknowledged
 * ({@link EventStreamTrimmer}). Runs on one background thread that stops within one block timeout at shutdown.
 */
@ApplicationScoped
public class LockEventConsumer {

    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final StreamCommands<String, String, String> streams;
    private final LockEventAppender appender;
    private final EventStreamTrimmer trimmer;
    private final PlannerConfig.Events config;
    private final Object backoff = new Object();
    private volatile boolean running;
    private volatile Thread worker;
    private long nextReclaimNanos;
    private volatile long lagMillis;

    public LockEventConsumer(RedisDataSource redis, LockEventAppender appender, EventStreamTrimmer trimmer,
            PlannerConfig config, MeterRegistry registry) {
        this.streams = redis.stream(String.class);
        this.appender = appender;
        this.trimmer = trimmer;
        this.config = config.events();
        // The consumer trims what the group acknowledged (EventStreamTrimmer); the lock service's length cap
        // (MAXLEN ~ 1000000) only bites when the planner is away for long, and then it cuts unread events.
        // How far behind the consumer is, in time, is what to alert on (RELIABILITY.md).
        Gauge.builder("peercode.lock.events.lag", this, c -> c.lagMillis / 1000.0).baseUnit("seconds")
                .description("Age of the newest lock event the planner's stream consumer read (0 when it has caught up)")
                .register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            Log.info("Lock event consumer disabled (peercode.planner.events.enabled=false)");
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "planner-lock-events");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        synchronized (backoff) {
            backoff.notifyAll();
        }
        Thread t = worker;
        if (t != null) {
            t.join(config.blockTimeout().plusSeconds(2).toMillis());
        }
    }

    private void run() {
        Log.infof("Consuming %s as %s/%s", config.stream(), config.group(), config.consumerName());
        boolean ready = false;
        while (running) {
            try {
                if (!ready) {
                    ensureGroup();
                    // Entries this consumer name read before a restart but never acknowledged.
                    drainOwnPending();
                    ready = true;
                }
                if (System.nanoTime() - nextReclaimNanos >= 0) {
                    reclaimOnce();
                    trimmer.trimAcknowledged(config.stream(), config.group());
                    nextReclaimNanos = System.nanoTime() + config.reclaimInterval().toNanos();
                }
                readOnce(config.blockTimeout());
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                Log.warnf("Lock event consumer: %s; retrying in %s", e.toString(), BACKOFF);
                ready = false;
                pause();
            }
        }
        Log.info("Lock event consumer stopped");
    }

    /** Creates the group (and the stream) if missing; reads from the beginning of the stream. */
    public void ensureGroup() {
        try {
            streams.xgroupCreate(config.stream(), config.group(), "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Reads and handles new entries, blocking up to {@code block}; returns how many were handled. */
    public int readOnce(Duration block) {
        XReadGroupArgs args = new XReadGroupArgs().count(config.batchSize());
        if (!block.isZero()) {
            args.block(block);
        }
        List<StreamMessage<String, String, String>> messages = streams.xreadgroup(config.group(),
                config.consumerName(), config.stream(), ">", args);
        lagMillis = messages.isEmpty() ? 0
                : Math.max(0, System.currentTimeMillis() - idMillis(messages.get(messages.size() - 1)));
        return handle(messages);
    }

    /** Takes over entries idle longer than {@code claim-min-idle} (a dead consumer's) and handles them. */
    public int reclaimOnce() {
        int handled = 0;
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String, String> claimed = streams.xautoclaim(config.stream(), config.group(),
                    config.consumerName(), config.claimMinIdle(), cursor, config.batchSize());
            handled += handle(claimed.getMessages());
            cursor = claimed.getId();
        } while (cursor != null && !"0-0".equals(cursor) && running);
        return handled;
    }

    /** Handles the entries this consumer name read earlier (before a crash) but never acknowledged. */
    public int drainOwnPending() {
        int total = 0;
        int handled;
        do {
            List<StreamMessage<String, String, String>> pending = streams.xreadgroup(config.group(),
                    config.consumerName(), config.stream(), "0", new XReadGroupArgs().count(config.batchSize()));
            handled = handle(pending);
            total += handled;
        } while (handled > 0 && running);
        return total;
    }

    /**
     * Appends a read's entries with one transaction per project (one commit for the whole batch, not one
     * per entry), then acknowledges every handled entry with one XACK after that commit. If a project's
     * batch fails, its entries are retried one by one, so only the entry that really fails stays pending.
     */
    private int handle(List<StreamMessage<String, String, String>> messages) {
        Map<String, List<Entry>> byProject = new LinkedHashMap<>();
        for (StreamMessage<String, String, String> m : messages) {
            if (m != null) {
                Map<String, String> payload = m.payload();
                String project = payload == null ? null : payload.get("projectId");
                byProject.computeIfAbsent(project == null ? "" : project, k -> new ArrayList<>())
                        .add(new Entry(m.id(), payload));
            }
        }
        List<String> handled = new ArrayList<>();
        for (List<Entry> entries : byProject.values()) {
            try {
                appender.appendAll(entries);
                entries.forEach(e -> handled.add(e.id()));
            } catch (RuntimeException batchFailed) {
                Log.debugf("Batch of %d stream entries not appended at once (%s); one by one", entries.size(),
                        batchFailed.toString());
                for (Entry e : entries) {
                    if (appendOne(e) != Outcome.FAILED) {
                        handled.add(e.id());
                    }
                }
            }
        }
        if (!handled.isEmpty()) {
            streams.xack(config.stream(), config.group(), handled.toArray(String[]::new));
        }
        return handled.size();
    }

    private Outcome appendOne(Entry e) {
        try {
            return appender.append(e.id(), e.fields());
        } catch (RuntimeException failure) {
            // Another replica committed the same entry between our check and our insert.
            if (isUniqueViolation(failure)) {
                return Outcome.DUPLICATE;
            }
            Log.warnf("Stream entry %s not appended (stays pending, retried later): %s", e.id(), failure.toString());
            return Outcome.FAILED;
        }
    }

    /** The time part of a stream entry id ({@code <ms>-<seq>}). */
    private static long idMillis(StreamMessage<String, String, String> m) {
        String id = m == null ? null : m.id();
        int dash = id == null ? -1 : id.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(id.substring(0, dash)) : System.currentTimeMillis();
        } catch (NumberFormatException e) {
            return System.currentTimeMillis();
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void pause() {
        synchronized (backoff) {
            try {
                backoff.wait(BACKOFF.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
