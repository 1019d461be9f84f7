package dev.peercode.planner.project;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.ProjectDtos.AddMember;
import dev.peercode.api.planner.ProjectDtos.CreateProject;
import dev.peercode.api.planner.ProjectDtos.CreateToken;
import dev.peercode.api.planner.ProjectDtos.CreatedToken;
import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.ProjectDetail;
import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.api.planner.ProjectDtos.TokenView;
import dev.peercode.api.planner.ProjectDtos.UpdateMember;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.error.Problems;
import dev.peercode.planner.task.PlanReads;

@Path("/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "projects")
public class ProjectResource {

    private final ProjectService projects;
    private final AgentTokenService tokens;
    private final PlanReads tasks;

    public ProjectResource(ProjectService projects, AgentTokenService tokens, PlanReads tasks) {
        this.projects = projects;
        this.tokens = tokens;
        this.tasks = tasks;
    }

    @POST
    @Operation(summary = "Create a project; ownerSubject becomes its owner")
    public Response create(@Valid @NotNull CreateProject body) {
        ProjectView p = projects.create(body);
        return Response.created(URI.create("/v1/projects/" + p.id())).entity(p).build();
    }

    @GET
    @Operation(summary = "Projects the subject is a member of")
    public List<ProjectView> list(@QueryParam("memberSubject") @NotBlank @Size(max = 255) String memberSubject) {
        return projects.listForSubject(memberSubject);
    }

    @GET
    @Path("/{projectId}")
    @Operation(summary = "The project with its phases and tasks (compact); plan=false: the project alone, without reading the plan")
    public ProjectDetail get(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @QueryParam("plan") @DefaultValue("true") boolean withPlan) {
        ProjectView p = projects.find(projectId).orElseThrow(() -> Problems.notFound("project", projectId));
        return new ProjectDetail(p, withPlan ? tasks.plan(projectId) : null);
    }

    @POST
    @Path("/{projectId}/members")
    @Operation(summary = "Add a member (owner or member)")
    public Response addMember(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull AddMember body) {
        MemberView m = projects.addMember(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/members/" + m.subject())).entity(m).build();
    }

    @GET
    @Path("/{projectId}/members")
    @Operation(summary = "Members and their roles")
    public List<MemberView> members(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId) {
        return projects.members(projectId);
    }

    @GET
    @Path("/{projectId}/members/{subject}")
    @Operation(summary = "One member's role; 404 when the subject is not a member")
    public MemberView member(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("subject") @Size(max = 255) String subject) {
        return projects.member(projectId, subject).orElseThrow(() -> Problems.notFound("member", subject));
    }

    @PATCH
    @Path("/{projectId}/members/{subject}")
    @Operation(summary = "Change a member's role and/or remember their display name; the last owner stays owner (409 last-owner)")
    public MemberView updateMember(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("subject") @Size(max = 255) String subject, @Valid @NotNull UpdateMember body) {
        return projects.updateMember(projectId, subject, body);
    }

    @DELETE
    @Path("/{projectId}/members/{subject}")
    @Operation(summary = "Remove a member and their agent tokens; the last owner cannot be removed (409 last-owner)")
    public void removeMember(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("subject") @Size(max = 255) String subject,
            @QueryParam("removedBy") @Size(max = 255) String removedBy) {
        projects.removeMember(projectId, subject, removedBy);
    }

    @POST
    @Path("/{projectId}/agent-tokens")
    @Operation(summary = "Create an agent token; the pct_ secret is in this response only")
    public Response createToken(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull CreateToken body) {
        CreatedToken t = tokens.create(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/agent-tokens/" + t.tokenId())).entity(t)
                .build();
    }

    @GET
    @Path("/{projectId}/agent-tokens")
    @Operation(summary = "Agent tokens of the project (or of one member), without secrets")
    public List<TokenView> tokens(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @QueryParam("memberSubject") @Size(max = 255) String memberSubject) {
        return tokens.list(projectId, memberSubject);
    }

    @DELETE
    @Path("/{projectId}/agent-tokens/{tokenId}")
    @Operation(summary = "Revoke an agent token (idempotent)")
    public void revoke(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("tokenId") @Pattern(regexp = Ids.TOKEN_ID_REGEX) String tokenId) {
        tokens.revoke(projectId, tokenId);
    }
}
