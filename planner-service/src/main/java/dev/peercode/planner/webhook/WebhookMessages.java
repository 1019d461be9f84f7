package dev.peercode.planner.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.rules.webhooks.WebhookEvents;

/**
 * What a webhook receives for one event: the body (generic JSON, or Slack's incoming-webhook
 * {@code {"text": …}}) and its signature. Pure functions, documented for receivers in the planner README.
 */
final class WebhookMessages {

    /** One event as the delivery worker loaded it: the outbox row joined with its delta and project. */
    record Event(String eventId, String kind, String projectId, String projectName, long seq, String type,
            String actor, Instant at, String summary, Map<String, Object> data, List<String> taskIds,
            List<String> paths) {
    }

    private WebhookMessages() {
    }

    /** The UI page a person opens for the event. */
    static String link(String uiBaseUrl, Event e) {
        return uiBaseUrl.replaceAll("/+$", "") + "/ui/projects/" + e.projectId() + WebhookKinds.page(e.kind());
    }

    static String body(String format, Event e, String link, ObjectMapper json) {
        Map<String, Object> body = new LinkedHashMap<>();
        if ("slack".equals(format)) {
            body.put("text", "*" + slack(e.projectName()) + "* · " + slack(label(e.kind())) + ": " + slack(e.summary())
                    + (e.actor() == null ? "" : " (" + slack(e.actor()) + ")") + "\n<" + link + "|Open in PeerCode>");
        } else {
            body.put("id", e.eventId());
            body.put("kind", e.kind());
            body.put("projectId", e.projectId());
            body.put("projectName", e.projectName());
            body.put("seq", e.seq());
            body.put("type", e.type());
            body.put("actor", e.actor());
            body.put("at", e.at().toString());
            body.put("summary", e.summary());
            body.put("data", e.data());
            body.put("taskIds", e.taskIds());
            body.put("paths", e.paths());
            body.put("url", link);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event " + e.eventId() + " is not serialisable", ex);
        }
    }

    /** {@code sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>}, as the README tells receivers. */
    static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of()
                    .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String label(String kind) {
        return switch (kind) {
            case WebhookEvents.DEBATE_ESCALATED -> "Debate waits for a person";
            case WebhookEvents.DEBATE_NO_QUORUM -> "Debate without quorum at its deadline";
            case WebhookEvents.BLOCKER -> "Blocker";
            case WebhookEvents.WARNING -> "Warning";
            case WebhookEvents.LOCK_FORCE_RELEASED -> "Lock force-released";
            case WebhookEvents.SESSION_IDLE -> "Session idle while holding locks or the push token";
            case WebhookEvents.SYNC_COMPLETED -> "Push completed";
            default -> kind;
        };
    }

    /** Slack's mrkdwn control characters (its documented escaping): text can never forge a link. */
    private static String slack(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
