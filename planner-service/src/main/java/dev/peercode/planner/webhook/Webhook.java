package dev.peercode.planner.webhook;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.peercode.api.planner.WebhookDtos.WebhookView;

/** A project's webhook: where to POST which event kinds, in which format, signed with which secret. */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    public String url;
    public String format;
    /** Stored as is, not hashed: the planner signs every delivery with it (see V11__webhooks.sql). */
    public String secret;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> events;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;

    /** This webhook as listed: never its secret. */
    public static WebhookView view(Webhook w) {
        return new WebhookView(w.id, w.projectId, w.url, w.format, w.events, w.createdBy, w.createdAt);
    }
}
