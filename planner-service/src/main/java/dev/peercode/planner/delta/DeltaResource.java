package dev.peercode.planner.delta;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.DeltaDtos.DeltaPages;
import dev.peercode.api.planner.DeltaDtos.DeltaRead;
import dev.peercode.api.planner.DeltaDtos.DeltaReads;
import dev.peercode.api.planner.DeltaDtos.PushDelta;
import dev.peercode.api.planner.DeltaPage;
import dev.peercode.api.planner.DeltaView;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.error.Check;
import dev.peercode.rules.paths.PathPatterns;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

@Path("/v1/projects/{projectId}/deltas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "deltas")
@Blocking
public class DeltaResource {

    /** Deltas are read by models: their structured data stays small. */
    static final int MAX_DATA_BYTES = 16 * 1024;

    private final DeltaService deltas;
    private final PlannerConfig config;
    private final ObjectMapper json;

    public DeltaResource(DeltaService deltas, PlannerConfig config, ObjectMapper json) {
        this.deltas = deltas;
        this.config = config;
        this.json = json;
    }

    @GET
    @Operation(summary = "Deltas after a cursor (or the session's durable cursor), filtered, paged, optionally long-polled")
    public Uni<DeltaPage> read(
            @PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Parameter(description = "Cursor: return deltas with seq > after. Without it, the session's durable cursor.") @QueryParam("after") Long after,
            @Parameter(description = "Comma-separated delta types to return (default: all)") @QueryParam("types") String types,
            @Parameter(description = "Skip deltas by this session (usually the caller itself)") @QueryParam("excludeActor") @Pattern(regexp = Ids.SESSION_REGEX) String excludeActor,
            @Parameter(description = "Page size, 1..500") @QueryParam("limit") Integer limit,
            @Parameter(description = "Long-poll: wait up to this many seconds (0..30) for a delta") @QueryParam("waitSeconds") Integer waitSeconds,
            @Parameter(description = "The reading session; its durable cursor is used when after is absent and advanced to nextCursor") @QueryParam("session") @Pattern(regexp = Ids.SESSION_REGEX) String session) {
        PlannerConfig.Deltas limits = config.deltas();
        Check check = new Check().require(waitSeconds == null
                || (waitSeconds >= 0 && waitSeconds <= limits.maxWaitSeconds()), "waitSeconds",
                "must be between 0 and " + limits.maxWaitSeconds());
        DeltaQuery q = query(projectId, new DeltaRead(after, types, excludeActor, limit, session), "", check);
        check.orThrow();
        int wait = waitSeconds == null ? 0 : waitSeconds;
        return wait == 0 ? Uni.createFrom().item(deltas.read(q)) : deltas.poll(q, Duration.ofSeconds(wait));
    }

    @POST
    @Path("/reads")
    @Operation(summary = "Many reads of the log at once (the gateway's waiting reads woken by one delta): one page per read, "
            + "in order, each exactly as GET would answer it had the reads run one after another; one transaction")
    public DeltaPages readMany(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull DeltaReads body) {
        int most = config.deltas().maxBatch();
        Check check = new Check().require(!body.reads().isEmpty() && body.reads().size() <= most, "reads",
                "must list 1 to " + most + " reads");
        check.orThrow();
        List<DeltaQuery> queries = new ArrayList<>(body.reads().size());
        for (int i = 0; i < body.reads().size(); i++) {
            queries.add(query(projectId, body.reads().get(i), "reads[" + i + "].", check));
        }
        check.orThrow();
        return new DeltaPages(deltas.readAll(projectId, queries));
    }

    /** A read's parameters checked (errors named {@code prefix + field}) and made a query. */
    private DeltaQuery query(String projectId, DeltaRead read, String prefix, Check check) {
        PlannerConfig.Deltas limits = config.deltas();
        Set<String> typeSet = new LinkedHashSet<>();
        if (read.types() != null && !read.types().isBlank()) {
            for (String t : read.types().split(",")) {
                typeSet.add(t.trim());
            }
        }
        Integer limit = read.limit();
        check.require(read.after() == null || read.after() >= 0, prefix + "after", "must be >= 0")
                .require(limit == null || (limit >= 1 && limit <= limits.maxLimit()), prefix + "limit",
                        "must be between 1 and " + limits.maxLimit())
                .require(typeSet.size() <= 50 && typeSet.stream().allMatch(DeltaTypes::isKnown), prefix + "types",
                        "must list known delta types only");
        return new DeltaQuery(projectId, read.after(), typeSet, read.excludeActor(),
                limit == null ? limits.defaultLimit() : limit, read.session());
    }

    @POST
    @Operation(summary = "Broadcast a discovery, decision, warning, blocker, handoff or note")
    public Response push(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull PushDelta body) throws JsonProcessingException {
        new Check().require(body.data() == null || json.writeValueAsBytes(body.data()).length <= MAX_DATA_BYTES,
                "data", "must be at most " + MAX_DATA_BYTES + " bytes of JSON").orThrow();
        DeltaView delta = deltas.push(projectId,
                new DeltaDraft(body.type(), body.actor(), body.summary(), body.data(),
                        body.taskIds() == null ? List.of() : body.taskIds(),
                        // The same rule as task files and lock paths: references others match against locks.
                        PathPatterns.normaliseAll("paths", body.paths()), null));
        return Response.created(URI.create("/v1/projects/" + projectId + "/deltas?after=" + (delta.seq() - 1)))
                .entity(delta).build();
    }
}
