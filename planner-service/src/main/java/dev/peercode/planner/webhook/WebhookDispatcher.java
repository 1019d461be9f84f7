package dev.peercode.planner.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.webhook.WebhookMessages.Event;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers the outbox. Every poll claims due rows with {@code SELECT … FOR UPDATE SKIP LOCKED} (planner
 * replicas never claim the same row) and, in the same short transaction, counts the attempt and pushes
 * {@code next_attempt_at} a lease ahead; then sends without holding any lock or connection. The outcome is
 * written when the answer (or the timeout) comes: delivered, or pending again after an exponential
 * backoff, or dead after {@code max-attempts}. A worker that dies mid-send leaves its rows to be claimed
 * again once the lease is over, so delivery is at-least-once; receivers dedupe on the event id.
 * <p>
 * Isolation: one webhook's deliveries go one at a time, in seq order, and the poll skips webhooks that
 * still have a send in flight, so a slow or dead receiver holds only its own queue; sends are
 * asynchronous (JDK {@link HttpClient}, a timeout on each) on a small bounded pool.
 */
@ApplicationScoped
public class WebhookDispatcher {

    /** Claimed per webhook per poll: its lease must cover this many sends in a row. */
    static final int PER_WEBHOOK = 5;
    private static final int MAX_ERROR = 500;

    private final DataSource db;
    private final PlannerConfig.Webhooks config;
    private final WebhookTargets targets;
    private final ObjectMapper json;
    private final ExecutorService pool;
    private final HttpClient http;
    /** Webhooks with a send in flight on this replica. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    public WebhookDispatcher(DataSource db, PlannerConfig config, WebhookTargets targets, ObjectMapper json) {
        this.db = db;
        this.config = config.webhooks();
        this.targets = targets;
        this.json = json;
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, this.config.maxInFlight())),
                runnable -> {
                    Thread t = new Thread(runnable, "planner-webhooks");
                    t.setDaemon(true);
                    return t;
                });
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout())
                // A redirect could lead anywhere, past the target check: never follow one.
                .followRedirects(HttpClient.Redirect.NEVER).executor(pool).build();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    @Scheduled(every = "${peercode.planner.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void poll() {
        if (!config.deliveryEnabled() || busy.size() >= config.maxInFlight()) {
            return;
        }
        try {
            Map<String, List<Claimed>> byWebhook = claim();
            byWebhook.forEach((webhookId, rows) -> {
                busy.add(webhookId);
                CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                for (Claimed row : rows) {
                    chain = chain.thenCompose(v -> send(row)).thenAccept(outcome -> record(row, outcome));
                }
                chain.whenComplete((v, failure) -> {
                    busy.remove(webhookId);
                    if (failure != null) {
                        Log.warnf(failure, "Webhook %s: delivery chain failed; its rows are retried after the lease",
                                webhookId);
                    }
                });
            });
        } catch (SQLException | RuntimeException e) {
            Log.warnf(e, "Webhook delivery poll failed; retrying at the next poll");
        }
    }

    /** A claimed delivery with everything needed to send it. */
    record Claimed(long id, int attempts, String url, String format, String secret, Event event) {
    }

    /** What one attempt came to: a status code (0 when none came) and an error (null on success). */
    record Outcome(int status, String error) {
    }

    private Map<String, List<Claimed>> claim() throws SQLException {
        Map<String, List<Claimed>> byWebhook = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> ids = new ArrayList<>();
                Map<String, Integer> perWebhook = new java.util.HashMap<>();
                Array skip = c.createArrayOf("varchar", busy.toArray());
                try (PreparedStatement due = c.prepareStatement("""
                        select id, webhook_id from webhook_delivery
                        where status = 'pending' and next_attempt_at <= now() and not (webhook_id = any(?))
                        order by next_attempt_at, id limit ? for update skip locked""")) {
                    due.setArray(1, skip);
                    due.setInt(2, config.batchSize());
                    try (ResultSet rs = due.executeQuery()) {
                        while (rs.next()) {
                            if (perWebhook.merge(rs.getString(2), 1, Integer::sum) <= PER_WEBHOOK) {
                                ids.add(rs.getLong(1));
                            }
                        }
                    }
                }
                if (!ids.isEmpty()) {
                    try (PreparedStatement lease = c.prepareStatement("""
                            update webhook_delivery set attempts = attempts + 1, updated_at = now(),
                                   next_attempt_at = now() + make_interval(secs => ?)
                            where id = any(?)""")) {
                        lease.setDouble(1, config.lease().toMillis() / 1000.0);
                        lease.setArray(2, c.createArrayOf("bigint", ids.toArray()));
                        lease.executeUpdate();
                    }
                    load(c, ids, byWebhook);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return byWebhook;
    }

    private void load(Connection c, List<Long> ids, Map<String, List<Claimed>> byWebhook) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                select o.id, o.attempts, o.webhook_id, w.url, w.format, w.secret, o.event_id, o.kind, o.project_id,
                       p.name, o.seq, d.type, d.actor, d.at, d.summary, d.data, d.task_ids, d.paths
                from webhook_delivery o
                join webhook w on w.id = o.webhook_id
                join project p on p.id = o.project_id
                join delta d on d.project_id = o.project_id and d.seq = o.seq
                where o.id = any(?) order by o.webhook_id, o.seq, o.id""")) {
            select.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Event event = new Event(rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getLong(11), rs.getString(12), rs.getString(13), rs.getTimestamp(14).toInstant(),
                            rs.getString(15), parse(rs.getString(16), new TypeReference<Map<String, Object>>() {
                            }), parse(rs.getString(17), new TypeReference<List<String>>() {
                            }), parse(rs.getString(18), new TypeReference<List<String>>() {
                            }));
                    byWebhook.computeIfAbsent(rs.getString(3), k -> new ArrayList<>()).add(new Claimed(rs.getLong(1),
                            rs.getInt(2), rs.getString(4), rs.getString(5), rs.getString(6), event));
                }
            }
        }
    }

    private CompletableFuture<Outcome> send(Claimed row) {
        try {
            String refusal = targets.refusal(row.url()).orElse(null);
            if (refusal != null) {
                return CompletableFuture.completedFuture(new Outcome(0, "url " + refusal));
            }
            String body = WebhookMessages.body(row.format(), row.event(),
                    WebhookMessages.link(config.uiBaseUrl(), row.event()), json);
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(row.url())).timeout(config.timeout())
                    .header("Content-Type", "application/json").header("User-Agent", "PeerCode-Webhooks/1")
                    .header("X-PeerCode-Event-Id", row.event().eventId())
                    .header("X-PeerCode-Event", row.event().kind())
                    .header("X-PeerCode-Timestamp", Long.toString(timestamp))
                    .header("X-PeerCode-Signature", WebhookMessages.signature(row.secret(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> r.statusCode() / 100 == 2 ? new Outcome(r.statusCode(), null)
                            : new Outcome(r.statusCode(), "the receiver answered " + r.statusCode()))
                    .exceptionally(e -> new Outcome(0, describe(e)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(0, describe(e)));
        }
    }

    private void record(Claimed row, Outcome outcome) {
        boolean delivered = outcome.error() == null;
        boolean dead = !delivered && row.attempts() >= config.maxAttempts();
        try (Connection c = db.getConnection();
                PreparedStatement update = c.prepareStatement("""
                        update webhook_delivery set status = ?, last_status = ?, last_error = ?, updated_at = now(),
                               delivered_at = case when ? then now() else delivered_at end,
                               next_attempt_at = now() + make_interval(secs => ?)
                        where id = ? and status = 'pending'""")) {
            c.setAutoCommit(true);
            update.setString(1, delivered ? "delivered" : dead ? "dead" : "pending");
            if (outcome.status() == 0) {
                update.setNull(2, java.sql.Types.INTEGER);
            } else {
                update.setInt(2, outcome.status());
            }
            update.setString(3, delivered ? null : truncate(outcome.error()));
            update.setBoolean(4, delivered);
            update.setDouble(5, delivered || dead ? 0 : backoff(row.attempts()).toMillis() / 1000.0);
            update.setLong(6, row.id());
            update.executeUpdate();
        } catch (SQLException e) {
            // The lease runs out and the row is sent again: at-least-once, never lost.
            Log.warnf(e, "Webhook delivery %d: outcome not recorded; it is retried after its lease", row.id());
        }
        if (dead) {
            Log.warnf("Webhook delivery %d (%s) dead after %d attempts: %s", row.id(), row.event().eventId(),
                    row.attempts(), outcome.error());
        }
    }

    /** base × 2^(attempts − 1), at most max, ±25 % jitter so receivers coming back are not stampeded. */
    Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis();
        long delay = Math.min(config.backoffMax().toMillis(), base << Math.min(attempts - 1, 20));
        return Duration.ofMillis((long) (delay * (0.75 + ThreadLocalRandom.current().nextDouble() * 0.5)));
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause()
                : e;
        String name = cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                : cause instanceof java.net.ConnectException ? "connection refused or unreachable"
                        : cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
    }

    private <T> T parse(String raw, TypeReference<T> type) throws SQLException {
        try {
            return json.readValue(raw, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("stored JSON unreadable", e);
        }
    }
}
