package dev.peercode.gateway.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;

/**
 * The web UI's entry, behind the OIDC authorization-code login (tenant "web"): for now it only shows
 * who is signed in; the UI itself is a later issue. The public landing page stays at {@code /}.
 */
@Path("/ui")
public class UiResource {

    private final CallerResolver callers;

    UiResource(CallerResolver callers) {
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String home() {
        Caller caller = callers.current();
        String who = caller.local() ? "local mode (authentication is off)" : escape(caller.subject());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>PeerCode</title></head>
                <body><h1>PeerCode</h1><p>Signed in as <strong id="subject">%s</strong>.</p>
                <p>Your projects: <a href="/api/v1/projects">/api/v1/projects</a>.</p></body></html>
                """.formatted(who);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
