package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.peercode.e2e.SecuredStack.AgentToken;
import dev.peercode.testissuer.TestIssuer.WebLogin;
import io.vertx.core.json.JsonArray;

/**
 * The secured set works the way people and agents use it: a person's OIDC access token from the issuer,
 * an agent token created through the public API, and the browser login at {@code /ui}.
 */
class SecuredStackIT {

    @Test
    void aPersonCreatesAProjectAndAnAgentTokenThatReachesIt() {
        String alice = SecuredStack.issuer().accessToken("alice-" + System.nanoTime());
        String projectId = SecuredStack.createProject(alice, "secured smoke");
        AgentToken agent = SecuredStack.createAgentToken(alice, projectId, "ci");
        assertThat(agent.token()).startsWith("pct_");

        HttpResponse<String> mine = SecuredStack.send("GET", "/api/v1/projects", agent.token(), null);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(new JsonArray(mine.body()).getJsonObject(0).getString("id")).isEqualTo(projectId);
        assertThat(SecuredStack.send("GET", "/api/v1/projects/" + projectId, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aBrowserSignsInAtTheIssuersLoginFormAndLandsOnTheUi() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        // /ui redirects to the issuer's authorization endpoint, which shows the login form.
        HttpResponse<String> form = get(browser, SecuredStack.gatewayUrl() + "/ui");
        assertThat(form.uri().toString()).startsWith(SecuredStack.issuer().authorizationEndpoint());
        assertThat(form.body()).contains("id=\"username\"", "id=\"password\"", "id=\"login\"");

        WebLogin login = SecuredStack.issuer().webLogin();
        String submit = form.uri().resolve("/login") + "?username=" + encode(login.username())
                + "&password=" + encode(login.password())
                + "&state=" + encode(hidden(form.body(), "state"))
                + "&redirect_uri=" + encode(hidden(form.body(), "redirect_uri"));
        // The issuer redirects back with a code; the gateway exchanges it, sets its session and shows /ui.
        HttpResponse<String> ui = get(browser, submit);
        assertThat(ui.statusCode()).as(ui.body()).isEqualTo(200);
        assertThat(ui.uri().toString()).startsWith(SecuredStack.gatewayUrl() + "/ui");
        assertThat(ui.body()).contains(login.subject());
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hidden(String html, String field) {
        Matcher m = Pattern.compile("name=\"" + field + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("hidden field %s in %s", field, html).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
