package dev.peercode.gateway.tools;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Await;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.live.ProjectResources;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

    /**
     * Who acts: project, session, caller. Backend calls go through {@link #run(Supplier)} or {@link #runAsync},
     * the first of which enters the call ({@code entered} is that step, remembered: it runs once however many
     * backend calls follow), so a tool validates all its arguments before anything reaches a backend.
     */
    public record Call(CallContext.Call call, Uni<Void> entered) {

        public String projectId() {
            return call.projectId();
        }

        public String session() {
            return call.session();
        }

        public Caller caller() {
            return call.caller();
        }

        /** Runs a blocking backend call for this caller, turning its failures into tool errors. */
        public <T> T run(Supplier<T> backendCall) {
            ToolErrors.guarded(() -> Await.result(entered));
            return ToolErrors.guarded(backendCall);
        }

        /** {@link #run} for a backend call answering through a {@link Uni}, awaited: for a tool that blocks anyway. */
        public <T> T await(Supplier<Uni<T>> backendCall) {
            return run(() -> Await.result(backendCall.get()));
        }

        /** {@link #run} for a backend call that answers through a {@link Uni} (see {@link ToolContext#async}). */
        public <T> Uni<T> runAsync(Supplier<Uni<? extends T>> backendCall) {
            return entered.chain(() -> Uni.createFrom().<T> deferred(backendCall))
                    .onFailure(RuntimeException.class).transform(e -> ToolErrors.of((RuntimeException) e));
        }
    }

    /**
     * A tool whose backend call answers through a {@link Uni}: {@code body} validates its arguments and
     * returns {@link Call#runAsync}. It runs on the event loop that received the request when nothing
     * before the backend call can block ({@link CallContext#entersWithoutBlocking}: an agent token, or the local
     * owner on a project this replica knows). Then the request never leaves its event loop: no hand-over to a
     * worker thread and back, which cost more than the tool's own work (BENCHMARKS.md). Otherwise {@code body}
     * runs on a worker thread of the same request, as a blocking tool would.
     */
    public <T> Uni<T> async(String projectId, String sessionId, Function<Call, Uni<T>> body) {
        Uni<T> tool = Uni.createFrom().deferred(() -> body.apply(begin(projectId, sessionId)));
        Context vertx = Vertx.currentContext();
        if (vertx == null || !Context.isOnEventLoopThread() || entersWithoutBlocking(projectId)) {
            return tool;
        }
        return tool.runSubscriptionOn(task -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false));
    }

    private boolean entersWithoutBlocking(String projectId) {
        try {
            return calls.entersWithoutBlocking(calls.caller(), firstNonBlank(projectId, header(request(),
                    CallContext.PROJECT_HEADER)));
        } catch (RuntimeException e) {
            return true; // begin() reports it, without blocking
        }
    }

    /** Resolves and validates project and session (arguments first, then headers) and authorises the caller. */
    public Call begin(String projectId, String sessionId) {
        HttpServerRequest request = request();
        String project = identity("projectId", projectId, CallContext.PROJECT_HEADER, "PEERCODE_PROJECT", request,
                Args.PROJECT, CallContext.PROJECT_RULE);
        String session = identity("sessionId", sessionId, CallContext.SESSION_HEADER, "PEERCODE_SESSION", request,
                Args.SESSION, "must be a session name matching [a-z0-9][a-z0-9_-]{0,63}, e.g. alice");
        // Not a member, or an agent token of another project: the same tool error as an unknown project.
        CallContext.Call call = ToolErrors.guarded(() -> calls.authorise(project, session));
        Uni<Void> entered = calls.enter(call).invoke(() -> resources.track(project)).memoize().indefinitely();
        return new Call(call, entered);
    }

    /**
     * The project or session a call acts for: its argument, else its header. A missing or malformed one
     * is refused with where it can come from, so a client knows how to recover: the argument, the header,
     * and the environment variable the Claude Code plugin turns into that header.
     */
    private static String identity(String argument, String value, String header, String pluginVariable,
            HttpServerRequest request, Pattern pattern, String rule) {
        String given = firstNonBlank(value, null);
        String resolved = given != null ? given : firstNonBlank(header(request, header), null);
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

    private static String header(HttpServerRequest request, String name) {
        return request == null ? null : request.getHeader(name);
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }
}
