package dev.peercode.gateway.web;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.peercode.api.planner.WebhookDtos.CreatedWebhook;
import dev.peercode.api.planner.WebhookDtos.DeliveryView;
import dev.peercode.api.planner.WebhookDtos.WebhookView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.service.CreateWebhook;
import dev.peercode.problem.ProblemException;
import dev.peercode.rules.webhooks.WebhookEvents;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** The web UI's webhooks page (owners): create one (its secret shown once), delete, delivery history. */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiWebhookResource {

    private static final String ACTION = "manage webhooks";
    /** Deliveries shown per webhook: the newest; the REST route pages further. */
    static final int HISTORY = 20;

    private final UiAccess access;
    private final ProjectViews views;
    private final PlannerApi planner;

    UiWebhookResource(UiAccess access, ProjectViews views, @RestClient PlannerApi planner) {
        this.access = access;
        this.views = views;
        this.planner = planner;
    }

    /** One webhook with its latest deliveries. */
    record Hook(WebhookView webhook, List<DeliveryView> deliveries) {
    }

    @GET
    @Path("/projects/{projectId}/webhooks")
    @Operation(hidden = true)
    public Uni<TemplateInstance> webhooks(@PathParam("projectId") String projectId) {
        return access.owner(projectId, ACTION).chain(caller -> page(projectId, caller, null));
    }

    @POST
    @Path("/projects/{projectId}/webhooks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> create(@PathParam("projectId") String projectId, @RestForm String url, @RestForm String format,
            @RestForm List<String> events) {
        return access.owner(projectId, ACTION).chain(caller -> planner
                .createWebhook(projectId, new CreateWebhook(url, format, events).by(caller.subject()))
                .chain(created -> page(projectId, caller, created)))
                // The secret is in this answer only: never cached, no redirect that would lose it.
                .map(page -> Response.ok(page.render()).header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("/projects/{projectId}/webhooks/{webhookId}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> delete(@PathParam("projectId") String projectId, @PathParam("webhookId") String webhookId) {
        return access.owner(projectId, ACTION).chain(caller -> {
            Args.text("webhookId", webhookId, true, 64);
            return planner.deleteWebhook(projectId, webhookId);
        }).map(deleted -> UiResource.seeOther("/ui/projects/" + projectId + "/webhooks"));
    }

    private Uni<TemplateInstance> page(String projectId, Caller caller, CreatedWebhook created) {
        Uni<List<Hook>> hooks = planner.webhooks(projectId).chain(webhooks -> webhooks.isEmpty()
                ? Uni.createFrom().item(List.<Hook> of())
                : Uni.join().all(webhooks.stream().map(w -> planner.deliveries(projectId, w.id(), HISTORY)
                        .map(deliveries -> new Hook(w, deliveries))).toList()).andFailFast());
        return Uni.combine().all().unis(views.project(projectId), hooks).with((project, all) -> Templates
                .webhooks(new Templates.Page(project, caller, "webhooks"), all, created, WebhookEvents.ALL));
    }

    /** Failures as pages ({@link UiErrors}); declared here, so the REST API keeps its problem+json. */
    @ServerExceptionMapper({ BackendProblem.class, ProblemException.class, BackendUnavailable.class,
            InvalidArgument.class })
    Response failed(RuntimeException e) {
        return UiErrors.page(e);
    }
}
