package dev.peercode.gateway.tools;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.api.IdFormats;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.live.ProjectResources;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The MCP face of {@link CallContext}: which project and session a tool call acts for (arguments first, then the
 * {@code X-PeerCode-Project} / {@code X-PeerCode-Session} headers, each refused with every way to give it), then
 * the call context's one order. A tool validates its arguments before its first backend call, which enters the
 * call (project exists, session bound and presence refreshed) and makes the project's MCP resource subscribable on
 * this replica.
 */
@ApplicationScoped
public class ToolContext {

    private final CurrentVertxRequest currentRequest;
    private final CallContext calls;
    private final ProjectResources resources;

    ToolContext(CurrentVertxRequest currentRequest, CallContext calls, ProjectResources resources) {
        this.currentRequest = currentRequest;
        this.calls = calls;
        this.resources = resources;
    }

    /** Who acts; {@code entered} runs once, at the first {@link #run}, however many backend calls follow. */
    public record Call(String projectId, String session, Caller caller, Uni<Void> entered) {

        /** A backend call for this caller, once the call is entered; its failures as tool errors. */
        public <T> Uni<T> run(Supplier<Uni<? extends T>> backendCall) {
            return entered.chain(() -> Uni.createFrom().<T> deferred(backendCall))
                    .onFailure(RuntimeException.class).transform(e -> ToolErrors.of((RuntimeException) e));
        }
    }

    /** {@code body} validates the tool's arguments, then returns its backend calls through {@link Call#run}. */
    public <T> Uni<T> call(String projectId, String sessionId, Function<Call, Uni<T>> body) {
        return Uni.createFrom().deferred(() -> {
            HttpServerRequest request = request();
            String project = identity("projectId", projectId, CallContext.PROJECT_HEADER, "PEERCODE_PROJECT",
                    request, Args.PROJECT, CallContext.PROJECT_RULE);
            String session = identity("sessionId", sessionId, CallContext.SESSION_HEADER, "PEERCODE_SESSION",
                    request, Args.SESSION, "must be a session name matching " + IdFormats.SESSION + ", e.g. alice");
            // Not a member, or an agent token of another project: the same tool error as an unknown project.
            return calls.authorise(project, session)
                    .onFailure(RuntimeException.class).transform(e -> ToolErrors.of((RuntimeException) e))
                    .chain(call -> body.apply(new Call(project, session, call.caller(),
                            calls.enter(call).invoke(() -> resources.track(project)).memoize().indefinitely())));
        });
    }

    /**
     * The project or session a call acts for: its argument, else its header. A missing or malformed one
     * is refused with where it can come from, so a client knows how to recover: the argument, the header,
     * and the environment variable the Claude Code plugin turns into that header.
     */
    private static String identity(String argument, String value, String header, String pluginVariable,
            HttpServerRequest request, Pattern pattern, String rule) {
        String given = Args.stripped(value);
        String resolved = given != null ? given : Args.stripped(request == null ? null : request.getHeader(header));
        String sources = "pass the " + argument + " argument or send the " + header + " header (Claude Code plugin: "
                + "export " + pluginVariable + " before starting claude)";
        if (resolved == null) {
            throw Args.invalid(argument, "is required: " + sources);
        }
        if (!pattern.matcher(resolved).matches()) {
            throw Args.invalid(argument, rule + (given != null ? "" : " (it came from the " + header + " header)")
                    + "; " + sources);
        }
        return resolved;
    }

    private HttpServerRequest request() {
        try {
            RoutingContext context = currentRequest.getCurrent();
            return context == null ? null : context.request();
        } catch (RuntimeException e) {
            // No HTTP request behind this call (e.g. a transport without one).
            return null;
        }
    }
}
