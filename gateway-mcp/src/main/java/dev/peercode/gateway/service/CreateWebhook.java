package dev.peercode.gateway.service;

import java.util.List;

import dev.peercode.api.planner.WebhookDtos;

/**
 * A new webhook as the REST API and the web UI take it: where, which format ({@code generic} or {@code slack}),
 * which event kinds. The planner checks it (each field named with its rule, the URL's target too); the
 * gateway passes its field errors on.
 */
public record CreateWebhook(String url, String format, List<String> events) {

    public WebhookDtos.CreateWebhook by(String createdBy) {
        return new WebhookDtos.CreateWebhook(url, format, events, createdBy);
    }
}
