package dev.peercode.gateway.tools;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.live.ProjectResources;
import dev.peercode.gateway.service.ProjectGuard;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The start of every tool call: which project and session it acts for (arguments first, then the
 * {@code X-PeerCode-Project} / {@code X-PeerCode-Session} headers), who the caller is, and the
 * side effects every call has once its arguments are valid: the project must exist, the session's
 * presence is refreshed (without waiting for the answer, at most once per refresh interval: see
 * {@link PresenceRefresher}) and the project's MCP resource is made subscribable on this replica.
 */
@ApplicationScoped
public class ToolContext {

    public static final String PROJECT_HEADER = "X-PeerCode-Project";
    public static final String SESSION_HEADER = "X-PeerCode-Session";
    /** Longer than the lock service's own bound on a presence touch (2 s), which then lets the call go on. */
    private static final Duration ENTER_WAIT = Duration.ofSeconds(5);

    private final CurrentVertxRequest currentRequest;
    private final CallerResolver callers;
    private final PresenceRefresher presence;
    private final ProjectGuard guard;
    private final ProjectResources resources;

    ToolContext(CurrentVertxRequest currentRequest, CallerResolver callers, PresenceRefresher presence,
            ProjectGuard guard, ProjectResources resources) {
        this.currentRequest = currentRequest;
        this.callers = callers;
        this.presence = presence;
        this.guard = guard;
        this.resources = resources;
    }

    /**
     * Who acts: project, session, caller. Backend calls go through {@link #run(Supplier)}, whose first
     * use checks that the project exists, refreshes the session's presence and makes the project's
     * resource subscribable; so a tool validates all its arguments before anything reaches a backend.
     */
    public final class Call {

        private final String projectId;
        private final String session;
        private final Caller caller;
        private boolean entered;

        Call(String projectId, String session, Caller caller) {
            this.projectId = projectId;
            this.session = session;
            this.caller = caller;
        }

        public String projectId() {
            return projectId;
        }

        public String session() {
            return session;
        }

        public Caller caller() {
            return caller;
        }

        /** Runs a backend call for this caller, turning its failures into tool errors. */
        public <T> T run(Supplier<T> backendCall) {
            if (!entered) {
                ToolErrors.guarded(() -> enter().await().atMost(ENTER_WAIT));
            }
            return ToolErrors.guarded(backendCall);
        }

        /** {@link #run} for a backend call that answers through a {@link Uni} (see {@link ToolContext#async}). */
        public <T> Uni<T> runAsync(Supplier<Uni<? extends T>> backendCall) {
            Uni<Void> entering = entered ? Uni.createFrom().voidItem() : enter();
            return entering.chain(() -> Uni.createFrom().<T> deferred(backendCall))
                    .onFailure(RuntimeException.class).transform(e -> ToolErrors.of((RuntimeException) e));
        }

        /**
         * The project must exist; the caller must be allowed to act as the session (it is the member the lock
         * service bound the name to, or the name is free and now bound to it), which also refreshes its presence.
         */
        private Uni<Void> enter() {
            ToolErrors.guarded(() -> {
                guard.requireExists(projectId);
                return null;
            });
            return presence.seen(projectId, session, caller.subject()).invoke(() -> {
                resources.track(projectId);
                entered = true;
            });
        }
    }

    /**
     * A tool whose backend call answers through a {@link Uni}: {@code body} validates its arguments and
     * returns {@link Call#runAsync}. It runs on the event loop that received the request when nothing
     * before the backend call can block, that is, the caller needs no membership lookup (local mode or an
     * agent token) and this replica knows the project (every call of a session after its first). Then the
     * request never leaves its event loop: no hand-over to a worker thread and back, which cost more than
     * the tool's own work (BENCHMARKS.md). Otherwise {@code body} runs on a worker thread of the same
     * request, as a blocking tool would.
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
        String project = project(projectId, request());
        try {
            Caller caller = callers.current();
            return (caller.local() || caller.isAgent()) && (project == null || guard.isKnown(project));
        } catch (RuntimeException e) {
            return true; // begin() reports it, without blocking
        }
    }

    /** Resolves and validates project and session (arguments first, then headers) and the caller. */
    public Call begin(String projectId, String sessionId) {
        HttpServerRequest request = request();
        String project = identity("projectId", projectId, PROJECT_HEADER, "PEERCODE_PROJECT", request, Args.PROJECT,
                "must be a project id (proj_ + 16 URL-safe characters)");
        String session = identity("sessionId", sessionId, SESSION_HEADER, "PEERCODE_SESSION", request, Args.SESSION,
                "must be a session name matching [a-z0-9][a-z0-9_-]{0,63}, e.g. alice");
        // Not a member, or an agent token of another project: the same tool error as an unknown project.
        Caller caller = ToolErrors.guarded(() -> callers.onProject(project));
        return new Call(project, session, caller);
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

    /** The project the call names: its argument, else the {@code X-PeerCode-Project} header. */
    private static String project(String projectId, HttpServerRequest request) {
        return firstNonBlank(projectId, header(request, PROJECT_HEADER));
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
