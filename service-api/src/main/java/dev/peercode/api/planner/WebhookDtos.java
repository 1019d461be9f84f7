package dev.peercode.api.planner;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.rules.webhooks.WebhookEvents;

/** Request and response shapes of the planner's webhooks and their deliveries. Requests leave nulls out of their JSON. */
public final class WebhookDtos {

    private WebhookDtos() {
    }

    public static final String FORMAT_REGEX = "generic|slack";

    /** {@code events}: kinds from {@link WebhookEvents#LISTED}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateWebhook(
            @NotBlank(message = "is required") @Size(max = 2000, message = "must be at most 2000 characters") String url,
            @NotNull(message = "is required; one of generic, slack") @Pattern(regexp = FORMAT_REGEX, message = "must be one of generic, slack") String format,
            @NotEmpty(message = "is required: one or more of "
                    + WebhookEvents.LISTED) @Size(max = 20) List<@NotBlank @Size(max = 32) String> events,
            @Size(max = 255) String createdBy) {
    }

    /** A webhook as listed: never its secret. */
    public record WebhookView(String id, String projectId, String url, String format, List<String> events,
            String createdBy, Instant createdAt) {
    }

    /** Returned once, at creation: the only time the signing secret leaves the planner. */
    public record CreatedWebhook(WebhookView webhook, String secret) {
    }

    /** One event's delivery to one webhook: where it stands, how often it was tried, the last failure. */
    public record DeliveryView(long id, String webhookId, String eventId, String kind, long seq, String status,
            int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
            Instant updatedAt, Instant deliveredAt) {
    }
}
