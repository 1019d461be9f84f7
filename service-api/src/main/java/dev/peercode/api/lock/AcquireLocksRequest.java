package dev.peercode.api.lock;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.SessionId;
import dev.peercode.api.TaskId;
import dev.peercode.rules.text.SingleLine;

/** Lock several paths or globs at once, all or none; paths the session already holds are renewed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AcquireLocksRequest(
        @Schema(description = "The acting session (the gateway authenticated it)", example = "alice") @NotNull @SessionId String session,
        @Schema(description = "Repository-relative paths or globs (*, ?, **); at most peercode.lock.max-paths-per-call", example = "[\"src/app.ts\", \"src/auth/**\"]") @NotEmpty List<@NotNull String> paths,
        @Schema(description = "Why, shown to whoever meets the lock", example = "auth refactor") @Size(max = 200) @SingleLine String reason,
        @Schema(description = "The task the work belongs to") @TaskId String taskId,
        @Schema(description = "Time to live in seconds (default 900, 10..14400)", example = "900") Integer ttlSeconds) {
}
