package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;
import static dev.peercode.gateway.rest.RestContext.created;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.peercode.api.planner.WebhookDtos.DeliveryView;
import dev.peercode.api.planner.WebhookDtos.WebhookView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.service.CreateWebhook;
import io.smallrye.mutiny.Uni;

/**
 * A project's webhooks and their delivery history: owners only, as people (a webhook sends the project's
 * events elsewhere). The planner owns them, signs and delivers (planner README, "Webhooks").
 */
@Path("/api/v1/projects/{projectId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookResource {

    static final String ACTION = "manage webhooks";

    private final PlannerApi planner;
    private final RestContext context;

    WebhookResource(@RestClient PlannerApi planner, RestContext context) {
        this.planner = planner;
        this.context = context;
    }

    @POST
    @Operation(summary = "Owners only: create a webhook; its signing secret is shown only here")
    @APIResponse(responseCode = "201", description = "The webhook and its secret (whsec_…)")
    public Uni<Response> create(@RestPath String projectId, CreateWebhook body) {
        return context.personOwner(projectId, ACTION)
                .chain(call -> planner.createWebhook(projectId, body(body).by(call.caller().subject())))
                .map(created -> created("/api/v1/projects/" + projectId + "/webhooks/" + created.webhook().id(), created));
    }

    @GET
    @Operation(summary = "Owners only: the project's webhooks, without secrets")
    public Uni<List<WebhookView>> list(@RestPath String projectId) {
        return context.personOwner(projectId, ACTION).chain(() -> planner.webhooks(projectId));
    }

    @DELETE
    @Path("/{webhookId}")
    @Operation(summary = "Owners only: delete a webhook with its pending deliveries and history")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> delete(@RestPath String projectId, @RestPath String webhookId) {
        return context.personOwner(projectId, ACTION, () -> webhookId(webhookId))
                .chain(() -> planner.deleteWebhook(projectId, webhookId));
    }

    @GET
    @Path("/{webhookId}/deliveries")
    @Operation(summary = "Owners only: delivery history, newest first (pending, delivered, dead; attempts, last error)")
    public Uni<List<DeliveryView>> deliveries(@RestPath String projectId, @RestPath String webhookId,
            @RestQuery Integer limit) {
        return context.personOwner(projectId, ACTION, () -> webhookId(webhookId), () -> Args.range("limit", limit, 1, 200))
                .chain(() -> planner.deliveries(projectId, webhookId, limit == null ? 50 : limit));
    }

    private static void webhookId(String webhookId) {
        Args.text("webhookId", webhookId, true, 64);
    }
}
