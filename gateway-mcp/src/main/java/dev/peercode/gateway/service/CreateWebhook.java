package dev.peercode.gateway.service;

import java.util.List;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerDtos;

/**
 * A new webhook as the REST API and the web UI take it: where, which format ({@code generic} or {@code slack}),
 * which event kinds.
 */
public record CreateWebhook(String url, String format, List<String> events) {

    /** Checked here with the field and the rule named (the planner checks again, and the URL's target). */
    public static PlannerDtos.CreateWebhook validated(CreateWebhook body, String createdBy) {
        Args.text("url", body.url(), true, 2000);
        Args.oneOf("format", body.format(), true, List.of("generic", "slack"));
        if (body.events() == null || body.events().isEmpty()) {
            throw Args.invalid("events", "is required: one or more of " + String.join(", ", PlannerDtos.WEBHOOK_KINDS));
        }
        for (String event : body.events()) {
            Args.oneOf("events", event, true, PlannerDtos.WEBHOOK_KINDS);
        }
        return new PlannerDtos.CreateWebhook(body.url().strip(), body.format(), body.events(), createdBy);
    }
}
