package dev.peercode.gateway.security;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.problem.Problem;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * What a browser page of another site can make a browser send to the gateway, refused before anything reads
 * the body:
 * <ul>
 * <li><b>DNS rebinding</b> in local mode: a request whose {@code Host} is not a loopback name ({@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}, any port) is 403 on every path, whatever its origin; a rebound page names
 * the attacker's host there.</li>
 * <li><b>Cross-site requests</b> on {@code /mcp*}, {@code /api/v1/*} and {@code /ui*}: an {@code Origin} outside
 * the allow-list (or, with authentication on, the gateway's own origin) is 403.</li>
 * <li><b>Bodies a plain HTML form or {@code fetch(no-cors)} can send</b>: a body on {@code /api/v1/*} must be
 * typed JSON, one on {@code /mcp*} must not be typed as anything else, and a state-changing request on
 * {@code /ui*} must be a form; else 415.</li>
 * <li><b>CSRF on {@code /ui*}</b>: a state-changing request must say it comes from the gateway's own pages, by
 * its {@code Origin} or, without one, {@code Sec-Fetch-Site: same-origin}; a request that says neither is 403.
 * The signed token bound to the person ({@code web/CsrfTokens}) is checked after this.</li>
 * </ul>
 * The web UI's browser security headers are configuration ({@code quarkus.http.header.*}).
 */
@ApplicationScoped
class BrowserGuard {

    /** Before the EdgeFilter (1000): a request refused here is not counted against anyone's rate. */
    private static final int PRIORITY = 1100;

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** The {@code Host} values local mode answers, any port; not a name that merely resolves to 127.0.0.1. */
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?");

    private final GatewayConfig config;
    private final AllowedOrigins origins;
    private final boolean localMode;

    BrowserGuard(GatewayConfig config) {
        this.config = config;
        this.origins = new AllowedOrigins(config.origins().allowed());
        this.localMode = !config.auth().enabled();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        if (localMode && !LOOPBACK_HOST.matcher(hostOf(request)).matches()) {
            refuse(rc, new Problem(403, "host-not-allowed", "Host not allowed",
                    "local mode answers only requests for localhost, 127.0.0.1 or [::1]"));
            return;
        }
        boolean mcp = under(path, "/mcp");
        boolean api = under(path, "/api/v1");
        boolean ui = under(path, "/ui");
        if (!mcp && !api && !ui) {
            rc.next();
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && config.origins().enabled() && !originAllowed(origin, request)) {
            Log.debugf("Origin refused on %s", path);
            refuse(rc, new Problem(403, "origin-not-allowed", "Origin not allowed",
                    "requests from this origin are not allowed; add it to PEERCODE_GATEWAY_ORIGINS_ALLOWED"));
            return;
        }
        boolean changes = !SAFE.contains(request.method());
        if (ui) {
            if (changes && !isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
                refuse(rc, new Problem(415, "unsupported-media-type", "Unsupported media type",
                        "the web UI accepts only form posts (application/x-www-form-urlencoded or multipart/form-data)"));
                return;
            }
            if (changes && origin == null && !"same-origin".equals(request.getHeader("Sec-Fetch-Site"))) {
                refuse(rc, new Problem(403, "cross-site-request", "Cross-site request refused",
                        "a web UI form must be posted from the gateway's own pages (Origin or Sec-Fetch-Site)"));
                return;
            }
        } else if (changes && hasBody(request) && !jsonAccepted(request.getHeader(HttpHeaders.CONTENT_TYPE), mcp)) {
            refuse(rc, new Problem(415, "unsupported-media-type", "Unsupported media type",
                    "the request body must be JSON (Content-Type: application/json; an import: application/x-ndjson)"));
            return;
        }
        rc.next();
    }

    /**
     * An allow-listed origin; with authentication on, also the gateway's own (scheme and host as the client sees
     * them, behind a trusted proxy its X-Forwarded-*), so a deployment's web UI works without listing its URL.
     * Local mode trusts only the list: a rebound page's own origin is the attacker's host.
     */
    private boolean originAllowed(String origin, HttpServerRequest request) {
        if (origins.allows(origin)) {
            return true;
        }
        return !localMode && request.authority() != null
                && AllowedOrigins.sameOrigin(origin, request.scheme(), request.authority().toString());
    }

    private static String hostOf(HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            host = request.authority().toString(); // HTTP/2 :authority
        }
        return host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
    }

    static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.trim().equals("0"));
    }

    /**
     * A body on the REST API must say it is JSON. On MCP a missing type is tolerated (the extension's own test
     * client sends none; every real MCP client sends application/json), but a type a browser can send
     * cross-site without a preflight (text/plain, a form) is not.
     */
    private static boolean jsonAccepted(String contentType, boolean mcp) {
        return isJson(contentType) || (mcp && contentType == null);
    }

    static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        // JSON Lines (a project import) is no CORS-safelisted type either: a cross-site page cannot send it
        // without a preflight, which this gateway never grants.
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))
                || type.equals("application/x-ndjson") || type.equals("application/jsonl");
    }

    static boolean isForm(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data");
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Answers {@code problem} from a Vert.x route, as the REST API's mapper would. */
    static void refuse(RoutingContext rc, Problem problem) {
        rc.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem.body(rc.normalizedPath())));
    }
}
