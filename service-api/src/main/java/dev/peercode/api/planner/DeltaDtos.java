package dev.peercode.api.planner;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.IdFormats;
import dev.peercode.rules.text.SingleLine;

/** Request shapes of the planner's delta log; its answers are {@link DeltaView} and {@link DeltaPage}. */
public final class DeltaDtos {

    private DeltaDtos() {
    }

    /** An agent-pushed delta. Nulls are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PushDelta(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @NotNull @Pattern(regexp = "discovery|decision|warning|blocker|handoff|note") String type,
            @NotBlank @Size(max = 500) @SingleLine String summary,
            @Size(max = 50) Map<String, Object> data,
            @Size(max = 50) List<@NotNull @Pattern(regexp = IdFormats.TASK) String> taskIds,
            @Size(max = 100) List<@NotBlank @Size(max = 512) String> paths) {
    }

    /**
     * One read of the log, never waiting: the query parameters of {@code GET …/deltas} but {@code waitSeconds}
     * (the gateway waits itself). {@code types} is comma-separated.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeltaRead(Long after, String types, @Pattern(regexp = IdFormats.SESSION) String excludeActor,
            Integer limit, @Pattern(regexp = IdFormats.SESSION) String session) {
    }

    /** Many reads of one project's log, answered together ({@code POST …/deltas/reads}). */
    public record DeltaReads(@NotNull List<@NotNull @Valid DeltaRead> reads) {
    }

    /** The answer to {@link DeltaReads}: one page per read, in the order of the reads. */
    public record DeltaPages(List<DeltaPage> pages) {
    }
}
