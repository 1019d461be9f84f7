package dev.peercode.planner.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.events.LockEventAppender.Outcome;
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
 * and is acknowledged only after that delta committed. A crash between commit and XACK leaves the entry
 * pending; whoever reclaims it finds the delta already there (idempotent on the entry id) and just
 * acknowledges. Entries pending longer than {@code claim-min-idle} on a dead consumer are taken over
 * with XAUTOCLAIM. Runs on one background thread that stops within one block timeout at shutdown.
 */
@ApplicationScoped
public class LockEventConsumer {

    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final StreamCommands<String, String, String> streams;
    private final LockEventAppender appender;
    private final PlannerConfig.Events config;
    private final Object backoff = new Object();
    private volatile boolean running;
    private volatile Thread worker;
    private long nextReclaimNanos;

    public LockEventConsumer(RedisDataSource redis, LockEventAppender appender, PlannerConfig config) {
        this.streams = redis.stream(String.class);
        this.appender = appender;
        this.config = config.events();
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

    private int handle(List<StreamMessage<String, String, String>> messages) {
        int handled = 0;
        for (StreamMessage<String, String, String> m : messages) {
            if (m == null) {
                continue;
            }
            Map<String, String> payload = m.payload();
            Outcome outcome;
            try {
                outcome = payload == null || payload.isEmpty() ? Outcome.SKIPPED : appender.append(m.id(), payload);
            } catch (RuntimeException e) {
                // Another replica committed the same entry between our check and our insert.
                outcome = isUniqueViolation(e) ? Outcome.DUPLICATE : Outcome.FAILED;
                if (outcome == Outcome.FAILED) {
                    Log.warnf("Stream entry %s not appended (stays pending, retried later): %s", m.id(), e.toString());
                }
            }
            if (outcome != Outcome.FAILED) {
                streams.xack(config.stream(), config.group(), m.id());
                handled++;
            }
        }
        return handled;
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
