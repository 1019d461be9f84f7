package dev.peercode.planner.webhook;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.WebhookDtos.CreateWebhook;
import dev.peercode.api.planner.WebhookDtos.CreatedWebhook;
import dev.peercode.api.planner.WebhookDtos.DeliveryView;
import dev.peercode.api.planner.WebhookDtos.WebhookView;
import dev.peercode.planner.common.Ids;

@Path("/v1/projects/{projectId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks")
public class WebhookResource {

    private final WebhookService webhooks;

    public WebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Operation(summary = "Create a webhook; its signing secret is in this response only")
    public Response create(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull CreateWebhook body) {
        CreatedWebhook created = webhooks.create(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/webhooks/" + created.webhook().id()))
                .entity(created).build();
    }

    @GET
    @Operation(summary = "The project's webhooks, without secrets")
    public List<WebhookView> list(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId) {
        return webhooks.list(projectId);
    }

    @DELETE
    @Path("/{webhookId}")
    @Operation(summary = "Delete a webhook with its pending deliveries and history")
    public void delete(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("webhookId") @Pattern(regexp = Ids.WEBHOOK_REGEX) String webhookId) {
        webhooks.delete(projectId, webhookId);
    }

    @GET
    @Path("/{webhookId}/deliveries")
    @Operation(summary = "Delivery history, newest first: status (pending, delivered, dead), attempts, last error")
    public List<DeliveryView> deliveries(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("webhookId") @Pattern(regexp = Ids.WEBHOOK_REGEX) String webhookId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return webhooks.deliveries(projectId, webhookId, limit);
    }
}
