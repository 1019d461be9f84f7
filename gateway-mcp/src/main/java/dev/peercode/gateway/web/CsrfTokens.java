package dev.peercode.gateway.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.security.GatewaySecret;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The web UI's CSRF tokens: signed, and bound to the signed-in person in this browser.
 * <p>
 * The browser holds a random nonce in the {@value #NAME} cookie (path {@code /ui}, HttpOnly, SameSite=Strict, a
 * session cookie), issued once and then left alone. Every form carries, in its hidden {@value #NAME} field, the
 * HMAC under the gateway secret of the signed-in caller ({@link Caller#key()}) and that nonce. A post is accepted
 * only when its field is that signature for the caller posting it and the nonce its cookie holds, so:
 * <ul>
 * <li>a cookie/field pair made up or planted by someone without the gateway secret is refused (the plain double
 * submit it replaces accepted any pair whose two halves were equal);</li>
 * <li>a token another person's page carried is refused for everyone else, even with that person's cookie;</li>
 * <li>a token is useless in another browser (another nonce) and after the person changes.</li>
 * </ul>
 * The nonce never changes while the cookie lives, so a form rendered long ago, or re-rendered by a live region's
 * refresh, stays valid: quarkus-rest-csrf's signed mode issued a new cookie on every {@code GET}, which made
 * forms posted after a background refresh fail at random, and it bound nothing to the person.
 */
@ApplicationScoped
@Named("csrf")
public class CsrfTokens {

    /** The cookie and the form field. */
    public static final String NAME = "csrf-token";

    /** Where the nonce issued for this request (no usable cookie came with it) is kept for the page's forms. */
    private static final String ISSUED_NONCE = "peercode.csrf-nonce";

    private static final String LABEL = "ui-csrf";
    private static final int NONCE_BYTES = 24;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{32}");

    private final SecureRandom random = new SecureRandom();
    private final GatewaySecret secret;
    private final CallerResolver callers;
    private final RoutingContext request;

    CsrfTokens(GatewaySecret secret, CallerResolver callers, RoutingContext request) {
        // Without a configured secret (dev mode only; production refuses to start) a per-process one signs.
        this.secret = secret.present() ? secret : GatewaySecret.ephemeral();
        this.callers = callers;
        this.request = request;
    }

    /** For the templates ({@code inject:csrf.parameterName}): the hidden field's name. */
    public String getParameterName() {
        return NAME;
    }

    /** For the templates ({@code inject:csrf.token}): the token of the signed-in caller in this browser. */
    public String getToken() {
        String nonce = request.get(ISSUED_NONCE);
        return sign(callers.current(), nonce != null ? nonce : cookieNonce(request));
    }

    /**
     * Gives a browser without a usable cookie its nonce, on a page request; one that has a nonce keeps it, so
     * every form it was ever shown stays valid.
     */
    void issueIfMissing(RoutingContext rc) {
        if (cookieNonce(rc) != null) {
            return;
        }
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        rc.put(ISSUED_NONCE, nonce);
        rc.response().addCookie(Cookie.cookie(NAME, nonce).setPath("/ui").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure("https".equals(rc.request().scheme())));
    }

    /** Whether {@code token} is what this gateway gave {@code caller} in the browser holding the request's cookie. */
    boolean valid(RoutingContext rc, Caller caller, String token) {
        String nonce = cookieNonce(rc);
        return nonce != null && token != null && secret.verify(LABEL, caller.key() + "\n" + nonce, token);
    }

    private String sign(Caller caller, String nonce) {
        if (nonce == null) {
            throw new IllegalStateException("no CSRF nonce on a page request: CsrfCheck issues one for every GET of /ui");
        }
        return secret.sign(LABEL, caller.key() + "\n" + nonce).orElseThrow();
    }

    private static String cookieNonce(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(NAME);
        return cookie != null && NONCE.matcher(cookie.getValue()).matches() ? cookie.getValue() : null;
    }
}
