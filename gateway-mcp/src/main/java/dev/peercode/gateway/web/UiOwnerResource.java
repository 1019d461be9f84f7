package dev.peercode.gateway.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.api.planner.WebhookDtos.CreatedWebhook;
import dev.peercode.api.planner.WebhookDtos.DeliveryView;
import dev.peercode.api.planner.WebhookDtos.WebhookView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.AccessChanges;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.service.CreateWebhook;
import dev.peercode.gateway.service.McpJson;
import dev.peercode.problem.ProblemException;
import dev.peercode.rules.webhooks.WebhookEvents;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The owners' pages (as on the REST API): agent tokens and webhooks. Each lists without secrets, creates (the
 * new token's or webhook's secret is in that one answer, never stored or shown again) and revokes or deletes; a
 * revoked token is refused from its next call on.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiOwnerResource {

    private static final String TOKENS = "manage agent tokens";
    private static final String WEBHOOKS = "manage webhooks";
    /** Deliveries shown per webhook: the newest; the REST route pages further. */
    static final int HISTORY = 20;

    private final UiAccess access;
    private final ProjectViews views;
    private final PlannerApi planner;
    private final ObjectMapper json;
    private final AccessChanges changes;

    UiOwnerResource(UiAccess access, ProjectViews views, @RestClient PlannerApi planner, ObjectMapper json,
            AccessChanges changes) {
        this.access = access;
        this.views = views;
        this.planner = planner;
        this.json = json;
        this.changes = changes;
    }

    /** One webhook with its latest deliveries. */
    record Hook(WebhookView webhook, List<DeliveryView> deliveries) {
    }

    @GET
    @Path("/projects/{projectId}/tokens")
    public Uni<TemplateInstance> tokens(@RestPath String projectId) {
        return access.owner(projectId, TOKENS).chain(caller -> tokensPage(projectId, caller, null));
    }

    @POST
    @Path("/projects/{projectId}/tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createToken(@RestPath String projectId, @RestForm String name, @RestForm String memberSubject,
            @Context UriInfo uri) {
        return access.owner(projectId, TOKENS).chain(caller -> {
            Args.text("name", name, true, 100);
            String member = Args.stripped(Args.text("memberSubject", memberSubject, false, 255));
            return planner.createToken(projectId,
                    new ProjectDtos.CreateToken(member == null ? caller.subject() : member, name.strip()))
                    .chain(t -> {
                        Map<String, Object> claudeCode = McpJson.forToken(uri.getBaseUri().toString(), t.token(),
                                projectId);
                        return tokensPage(projectId, caller, new Templates.CreatedToken(t.tokenId(), t.name(),
                                t.memberSubject(), t.token(), pretty(claudeCode), pretty(cursor(claudeCode))));
                    });
        }).map(UiOwnerResource::secretShownOnce);
    }

    @POST
    @Path("/projects/{projectId}/tokens/{tokenId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeToken(@RestPath String projectId, @RestPath String tokenId) {
        return access.owner(projectId, TOKENS).chain(caller -> {
            Args.text("tokenId", tokenId, true, 64);
            return changes.revokeToken(projectId, tokenId);
        }).map(revoked -> UiResource.seeOther("/ui/projects/" + projectId + "/tokens"));
    }

    @GET
    @Path("/projects/{projectId}/webhooks")
    public Uni<TemplateInstance> webhooks(@RestPath String projectId) {
        return access.owner(projectId, WEBHOOKS).chain(caller -> webhooksPage(projectId, caller, null));
    }

    @POST
    @Path("/projects/{projectId}/webhooks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createWebhook(@RestPath String projectId, @RestForm String url, @RestForm String format,
            @RestForm List<String> events) {
        return access.owner(projectId, WEBHOOKS).chain(caller -> planner
                .createWebhook(projectId, new CreateWebhook(url, format, events).by(caller.subject()))
                .chain(created -> webhooksPage(projectId, caller, created))).map(UiOwnerResource::secretShownOnce);
    }

    @POST
    @Path("/projects/{projectId}/webhooks/{webhookId}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> deleteWebhook(@RestPath String projectId, @RestPath String webhookId) {
        return access.owner(projectId, WEBHOOKS).chain(caller -> {
            Args.text("webhookId", webhookId, true, 64);
            return planner.deleteWebhook(projectId, webhookId);
        }).map(deleted -> UiResource.seeOther("/ui/projects/" + projectId + "/webhooks"));
    }

    private Uni<TemplateInstance> tokensPage(String projectId, Caller caller, Templates.CreatedToken created) {
        return Uni.combine().all()
                .unis(views.page(projectId, caller, "tokens"), planner.tokens(projectId, null), views.people(projectId))
                .with((page, tokens, people) -> Templates.tokens(page, tokens, people, created));
    }

    private Uni<TemplateInstance> webhooksPage(String projectId, Caller caller, CreatedWebhook created) {
        Uni<List<Hook>> hooks = planner.webhooks(projectId).chain(webhooks -> webhooks.isEmpty()
                ? Uni.createFrom().item(List.<Hook> of())
                : Uni.join().all(webhooks.stream().map(w -> planner.deliveries(projectId, w.id(), HISTORY)
                        .map(deliveries -> new Hook(w, deliveries))).toList()).andFailFast());
        return Uni.combine().all().unis(views.page(projectId, caller, "webhooks"), hooks)
                .with((page, all) -> Templates.webhooks(page, all, created, WebhookEvents.ALL));
    }

    /** A page showing a new secret: in this answer only, so never cached and no redirect that would lose it. */
    private static Response secretShownOnce(TemplateInstance page) {
        return Response.ok(page.render()).header("Cache-Control", "no-store").build();
    }

    /** Cursor's {@code mcp.json} is Claude Code's without the transport type (Cursor infers it from the URL). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursor(Map<String, Object> claudeCode) {
        Map<String, Object> server = new LinkedHashMap<>(
                (Map<String, Object>) ((Map<String, Object>) claudeCode.get("mcpServers")).get("peercode"));
        server.remove("type");
        return Map.of("mcpServers", Map.of("peercode", server));
    }

    private String pretty(Map<String, Object> value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** Failures as pages ({@link UiErrors}); declared here, so the REST API keeps its problem+json. */
    @ServerExceptionMapper({ ProblemException.class, BackendUnavailable.class, InvalidArgument.class })
    Response failed(RuntimeException e) {
        return UiErrors.page(e);
    }
}
