package dev.peercode.planner.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.WebhookDtos.CreateWebhook;
import dev.peercode.api.planner.WebhookDtos.CreatedWebhook;
import dev.peercode.api.planner.WebhookDtos.DeliveryView;
import dev.peercode.api.planner.WebhookDtos.WebhookView;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.error.Problems;
import dev.peercode.rules.webhooks.WebhookEvents;

/** A project's webhooks and their delivery history (the gateway lets only owners here). */
@ApplicationScoped
public class WebhookService {

    /** Enough for a team's channels and tools; each one multiplies the deliveries of every event. */
    static final int MAX_PER_PROJECT = 10;
    static final int MAX_HISTORY = 200;

    private final EntityManager em;
    private final DeltaLog log;
    private final WebhookTargets targets;

    public WebhookService(EntityManager em, DeltaLog log, WebhookTargets targets) {
        this.em = em;
        this.log = log;
        this.targets = targets;
    }

    @Transactional
    public CreatedWebhook create(String projectId, CreateWebhook request) {
        String url = request.url().strip();
        targets.refusal(url).ifPresent(reason -> {
            throw Problems.invalid("url", reason);
        });
        List<String> events = request.events().stream().map(String::strip).distinct().toList();
        for (String event : events) {
            if (!WebhookEvents.ALL.contains(event)) {
                throw Problems.invalid("events", "contains " + event + "; allowed: " + WebhookEvents.LISTED);
            }
        }
        // Under the project lock: the count below cannot be raced past the limit.
        log.lockProject(projectId);
        long existing = em.createQuery("select count(w) from Webhook w where w.projectId = ?1", Long.class)
                .setParameter(1, projectId).getSingleResult();
        if (existing >= MAX_PER_PROJECT) {
            throw Problems.unprocessable("url", "a project has at most " + MAX_PER_PROJECT + " webhooks; delete one first");
        }
        Webhook w = new Webhook();
        w.id = Ids.webhook();
        w.projectId = projectId;
        w.url = url;
        w.format = request.format();
        w.secret = Ids.webhookSecret();
        w.events = events;
        w.createdBy = request.createdBy();
        w.createdAt = Instant.now();
        em.persist(w);
        return new CreatedWebhook(Webhook.view(w), w.secret);
    }

    @Transactional
    public List<WebhookView> list(String projectId) {
        log.lastSeq(projectId); // 404 for an unknown project
        return em.createQuery("from Webhook w where w.projectId = ?1 order by w.createdAt, w.id", Webhook.class)
                .setParameter(1, projectId).getResultList().stream().map(Webhook::view).toList();
    }

    /** Deletes the webhook and, with it, its pending deliveries and history. */
    @Transactional
    public void delete(String projectId, String webhookId) {
        if (em.createQuery("delete from Webhook w where w.projectId = ?1 and w.id = ?2").setParameter(1, projectId)
                .setParameter(2, webhookId).executeUpdate() == 0) {
            throw Problems.notFound("webhook", webhookId);
        }
    }

    /** The newest deliveries of one webhook first, at most {@code limit}. */
    @Transactional
    public List<DeliveryView> deliveries(String projectId, String webhookId, int limit) {
        Webhook w = em.find(Webhook.class, webhookId);
        if (w != null && w.projectId.equals(projectId)) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    select id, webhook_id, event_id, kind, seq, status, attempts, next_attempt_at, last_status,
                           last_error, created_at, updated_at, delivered_at
                    from webhook_delivery where webhook_id = ?1 order by id desc limit ?2""")
                    .setParameter(1, webhookId).setParameter(2, Math.min(Math.max(limit, 1), MAX_HISTORY))
                    .getResultList();
            return rows.stream().map(r -> new DeliveryView(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                    (String) r[3], ((Number) r[4]).longValue(), (String) r[5], ((Number) r[6]).intValue(), instant(r[7]),
                    r[8] == null ? null : ((Number) r[8]).intValue(), (String) r[9], instant(r[10]), instant(r[11]),
                    instant(r[12]))).toList();
        }
        throw Problems.notFound("webhook", webhookId);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
