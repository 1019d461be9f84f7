package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * With authentication on, the web UI's CSRF token is signed and bound to the signed-in person in their browser.
 * Two people sign in through the real authorization-code flow at the issuer; each attack posts a well-formed
 * form from the gateway's own origin (so only the token can refuse it), gets a page that says what to do, and
 * creates nothing: the person's own project list, read through the public API, says so.
 */
class CsrfTokensIT {

    private static final Map<String, String> SAME_ORIGIN = Map.of("Sec-Fetch-Site", "same-origin");
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @Test
    void anotherPersonsTokenIsRefusedEvenWithTheirCookieAndEachPersonsOwnIsAccepted() {
        String name = "csrf-pair-" + UUID.randomUUID();
        UiBrowser alice = signIn("alice");
        UiBrowser bob = signIn("bob");
        assertThat(alice.token()).isNotEqualTo(bob.token());

        // Bob's browser (his login session) with alice's page's token, with her nonce cookie or with his.
        refused(bob.post("/ui/projects", alice.nonce(), alice.token(), SAME_ORIGIN, Map.of("name", name)));
        refused(bob.post("/ui/projects", bob.nonce(), alice.token(), SAME_ORIGIN, Map.of("name", name)));
        // Alice's token with bob's nonce in her own browser: the pair is per browser.
        refused(alice.post("/ui/projects", bob.nonce(), alice.token(), SAME_ORIGIN, Map.of("name", name)));
        assertThat(projectsNamed("bob", name)).isEmpty();
        assertThat(projectsNamed("alice", name)).isEmpty();

        assertThat(bob.post("/ui/projects", Map.of("name", name)).statusCode()).isEqualTo(303);
        assertThat(alice.post("/ui/projects", Map.of("name", name)).statusCode()).isEqualTo(303);
        assertThat(projectsNamed("bob", name)).hasSize(1);
        assertThat(projectsNamed("alice", name)).hasSize(1);
    }

    @Test
    void aForgedTamperedOrMissingTokenIsRefusedWithAPageThatSaysWhy() {
        String name = "csrf-forged-" + UUID.randomUUID();
        UiBrowser bob = signIn("bob");
        Map<String, String> form = Map.of("name", name);
        String planted = randomNonce();
        // The plain double submit this replaces: any cookie with the same value in the field.
        refused(bob.post("/ui/projects", planted, planted, SAME_ORIGIN, form));
        // A pair signed as this gateway would sign it, but with a key that is not the gateway secret.
        refused(bob.post("/ui/projects", planted,
                hmac("not-the-gateway-secret-0123456789abcdef", "ui-csrf\nsubject:" + subject("bob") + "\n" + planted),
                SAME_ORIGIN, form));
        // The page's own token, one character changed; the page's token with a planted nonce.
        refused(bob.post("/ui/projects", bob.nonce(), tamper(bob.token()), SAME_ORIGIN, form));
        refused(bob.post("/ui/projects", planted, bob.token(), SAME_ORIGIN, form));
        // No field, no cookie.
        refused(bob.post("/ui/projects", bob.nonce(), null, SAME_ORIGIN, form));
        refused(bob.post("/ui/projects", null, bob.token(), SAME_ORIGIN, form));
        assertThat(projectsNamed("bob", name)).isEmpty();

        assertThat(bob.post("/ui/projects", form).statusCode()).isEqualTo(303);
        assertThat(projectsNamed("bob", name)).hasSize(1);
    }

    @Test
    void theNonceIsIssuedOnceSoEveryFormAPersonWasShownStaysValid() {
        UiBrowser bob = signIn("bob");
        // Later page loads and background refreshes keep the browser's nonce and give the same token.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> again = bob.get("/ui");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(UiBrowser.CSRF + "="));
            assertThat(UiBrowser.tokenOn(again.body())).isEqualTo(bob.token());
        }
        assertThat(bob.post("/ui/projects", Map.of("name", "csrf-later-" + UUID.randomUUID())).statusCode())
                .isEqualTo(303);
    }

    /** Signs in a person of this test run (a fresh subject per run: the secured stack is shared). */
    private static UiBrowser signIn(String who) {
        return UiBrowser.signIn(SecuredStack.gatewayUrl(), SecuredStack.issuer().webLoginAs(subject(who)));
    }

    private static String subject(String who) {
        return who + "-" + RUN;
    }

    private static void refused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(response.body()).contains("role=\"alert\"", "csrf-token", "reload the page");
    }

    /** The projects a person sees, through the public API with their access token. */
    private static JsonArray projectsNamed(String who, String name) {
        HttpResponse<String> mine = SecuredStack.send("GET", "/api/v1/projects",
                SecuredStack.issuer().accessToken(subject(who)), null);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        return new JsonArray(new JsonArray(mine.body()).stream().map(JsonObject.class::cast)
                .filter(p -> name.equals(p.getString("name"))).toList());
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String tamper(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
