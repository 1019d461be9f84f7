package dev.peercode.gateway.web;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.DebateDtos;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.service.ReplanService;
import dev.peercode.problem.ProblemException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * What happened and what needs a person: the delta timeline, debates (a person decides escalated ones,
 * which the agents receive as a {@code debate.decided} delta) and the server's replanning proposal.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiActivityResource {

    private static final TypeReference<List<Map<String, Object>>> OPERATIONS = new TypeReference<>() {
    };

    private final UiAccess access;
    private final ProjectViews views;
    private final PlannerApi planner;
    private final ReplanService replans;
    private final ObjectMapper json;

    UiActivityResource(UiAccess access, ProjectViews views, @RestClient PlannerApi planner, ReplanService replans,
            ObjectMapper json) {
        this.access = access;
        this.views = views;
        this.planner = planner;
        this.replans = replans;
        this.json = json;
    }

    @GET
    @Path("/projects/{projectId}/timeline")
    public Uni<TemplateInstance> timeline(@RestPath String projectId, @RestQuery String type, @RestQuery String session,
            @RestQuery Long before) {
        return timeline(projectId, type, session, before, Templates::timeline);
    }

    @GET
    @Path("/projects/{projectId}/timeline/entries")
    public Uni<TemplateInstance> timelineEntries(@RestPath String projectId, @RestQuery String type,
            @RestQuery String session) {
        return timeline(projectId, type, session, null, Templates::timeline$entries);
    }

    private Uni<TemplateInstance> timeline(String projectId, String type, String session, Long before,
            BiFunction<Templates.Page, Timeline, TemplateInstance> template) {
        return access.member(projectId).chain(caller -> views.page(projectId, caller, "timeline")
                .chain(page -> views.timeline(page.project(), Args.stripped(type), Args.stripped(session), before)
                        .map(timeline -> template.apply(page, timeline))));
    }

    @GET
    @Path("/projects/{projectId}/debates")
    public Uni<TemplateInstance> debates(@RestPath String projectId, @RestQuery String decided) {
        return access.member(projectId).chain(caller -> {
            Args.optional("decided", decided, Args.DEBATE, "must be a debate id");
            return Uni.combine().all().unis(views.page(projectId, caller, "debates"), views.debates(projectId))
                    .with((page, debates) -> Templates.debates(page, debates, decided));
        });
    }

    @GET
    @Path("/projects/{projectId}/debates/list")
    public Uni<TemplateInstance> debateList(@RestPath String projectId) {
        return access.member(projectId).chain(caller -> Uni.combine().all()
                .unis(views.page(projectId, caller, "debates"), views.debates(projectId)).with(Templates::debates$list));
    }

    @POST
    @Path("/projects/{projectId}/debates/{debateId}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> decide(@RestPath String projectId, @RestPath String debateId, @RestForm String choice,
            @RestForm String reason) {
        return access.owner(projectId, "decide a debate").chain(caller -> {
            Args.required("debateId", debateId, Args.DEBATE, "must be a debate id");
            Args.text("choice", choice, true, 200);
            Args.text("reason", reason, true, 2000);
            return planner.decideDebate(projectId, debateId,
                    new DebateDtos.Decide(caller.subject(), choice, reason.strip()));
        }).map(decided -> UiResource.seeOther("/ui/projects/" + projectId + "/debates?decided=" + debateId));
    }

    @GET
    @Path("/projects/{projectId}/replan")
    public Uni<TemplateInstance> replan(@RestPath String projectId) {
        return access.member(projectId).chain(caller -> Uni.combine().all()
                .unis(views.page(projectId, caller, "replan"), replans.propose(projectId, UiAccess.actorSession(caller)))
                .with((page, proposal) -> Templates.replan(page, Proposal.of(proposal), null)));
    }

    /**
     * Applies the proposal the person saw, unchanged: the planner applies all of it or none, and refuses
     * it when the plan moved on in a way that conflicts ({@code basedOnSeq}, expected versions).
     */
    @POST
    @Path("/projects/{projectId}/replan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> applyReplan(@RestPath String projectId, @RestForm String operations,
            @RestForm Long basedOnSeq, @RestForm String reason) {
        return access.owner(projectId, "apply a replanning proposal").chain(caller -> {
            Args.text("reason", reason, true, 500);
            Args.text("operations", operations, true, 200_000);
            List<Map<String, Object>> ops;
            try {
                ops = json.readValue(operations, OPERATIONS);
            } catch (JsonProcessingException e) {
                throw Args.invalid("operations", "must be the proposal's operations as JSON");
            }
            if (ops.isEmpty()) {
                throw Args.invalid("operations", "is empty: the proposal has nothing to apply");
            }
            String session = UiAccess.actorSession(caller);
            return replans.apply(projectId, session, ops, reason.strip(), basedOnSeq).chain(revision -> Uni.combine()
                    .all().unis(views.page(projectId, caller, "replan"), replans.propose(projectId, session))
                    .with((page, proposal) -> Templates.replan(page, Proposal.of(proposal), new Templates.Applied(
                            revision.path("id").asText(), revision.path("seq").asLong()))));
        });
    }

    /** Failures as pages ({@link UiErrors}); declared here, so the REST API keeps its problem+json. */
    @ServerExceptionMapper({ ProblemException.class, BackendUnavailable.class, InvalidArgument.class })
    Response failed(RuntimeException e) {
        return UiErrors.page(e);
    }
}
