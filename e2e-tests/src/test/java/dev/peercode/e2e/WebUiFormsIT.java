package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the gateway adds to the web UI, over the real services without a browser: its assets come from
 * Maven artifacts (no CDN), every form post needs the CSRF token of the page it came from, and bad input
 * or a refusal is a readable page that names the field, with nothing changed in the planner. The same
 * pages in a real browser are {@link WebUiIT}.
 */
class WebUiFormsIT {

    private static final Map<String, String> SAME_ORIGIN = Map.of("Sec-Fetch-Site", "same-origin");

    @Test
    void htmxAndItsSseExtensionAndOurStylesAreServedFromTheGatewayWithoutVersionsInTheUrl() {
        assertThat(get("/webjars/htmx.org/dist/htmx.min.js")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("htmx");
        });
        assertThat(get("/webjars/htmx-ext-sse/sse.js")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("sse-connect");
        });
        assertThat(get("/ui").body()).contains("Create a project", "/webjars/htmx.org/dist/htmx.min.js");
        assertThat(get("/assets/peercode.css").statusCode()).isEqualTo(200);
        assertThat(get("/assets/peercode.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aFormPostWithoutThePagesCsrfTokenIsRefusedAndNothingIsCreated() {
        String name = "csrf-" + UUID.randomUUID();
        UiBrowser page = UiBrowser.open(Stack.gatewayUrl());
        HttpResponse<String> noToken = page.post("/ui/projects", null, null, SAME_ORIGIN, Map.of("name", name));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(noToken.body()).contains("reload the page");
        // A cookie/field pair of the attacker's choosing (what a plain double submit accepts), and the page's own
        // cookie with a made-up field.
        String planted = forged();
        for (String[] pair : new String[][] { { planted, planted }, { page.nonce(), forged() } }) {
            assertThat(page.post("/ui/projects", pair[0], pair[1], SAME_ORIGIN, Map.of("name", name)).statusCode())
                    .isEqualTo(403);
        }
        assertThat(projectsNamed(name)).isEmpty();
    }

    @Test
    void creatingAProjectFromTheFormMakesTheSignedInPersonItsOwnerAndOpensItsBoard() {
        String name = "form-" + UUID.randomUUID();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", " " + name + " ");
        form.put("description", "");
        form.put("syncBranch", "team-sync");
        HttpResponse<String> created = UiBrowser.open(Stack.gatewayUrl()).post("/ui/projects", form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        JsonArray named = projectsNamed(name);
        assertThat(named).hasSize(1);
        JsonObject project = named.getJsonObject(0);
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/projects/" + project.getString("id")));
        assertThat(project.getString("ownerSubject")).isEqualTo("local");
        assertThat(project.getString("syncBranch")).isEqualTo("team-sync");
        assertThat(project.getValue("description")).isNull();
    }

    /**
     * A member's subject typed by an owner goes into the planner's URLs ({@code /members/{subject}}), where
     * {@code ..} or {@code .} would be resolved as a path: refused with the field and the rule, on the web UI and
     * on the REST API, and the project's members are unchanged.
     */
    @Test
    void aMemberSubjectThatWouldSteerThePlannersUrlIsRefusedBeforeAnyChange() {
        String project = Rest.createProject("members-" + UUID.randomUUID());
        String members = "/api/v1/projects/" + project + "/members";
        String before = Rest.get(members).body();
        UiBrowser page = UiBrowser.open(Stack.gatewayUrl());
        for (String action : new String[] { "remove", "role" }) {
            for (String subject : new String[] { "..", ".", "a/b", "tab\tbed" }) {
                HttpResponse<String> refused = page.post("/ui/projects/" + project + "/members/" + action,
                        Map.of("subject", subject, "role", "owner"));
                assertThat(refused.statusCode()).as("%s %s", action, subject).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).contains("text/html"));
                assertThat(refused.body()).contains("subject must be an identity");
            }
        }
        HttpResponse<String> rest = Rest.post(members + "?session=alice",
                new JsonObject().put("subject", "..").put("role", "member"));
        assertThat(rest.statusCode()).isEqualTo(400);
        assertThat(rest.body()).contains("subject", "not . or ..");
        assertThat(Rest.get(members).body()).isEqualTo(before);
    }

    @Test
    void badInputIsAPageThatNamesTheFieldAndTheRule() {
        HttpResponse<String> blank = UiBrowser.open(Stack.gatewayUrl()).post("/ui/projects", Map.of("name", " "));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(blank.body()).contains("role=\"alert\"", "name");
        for (String tab : new String[] { "", "/timeline", "/debates", "/replan", "/members", "/tokens", "/webhooks" }) {
            HttpResponse<String> page = get("/ui/projects/not-a-project" + tab);
            assertThat(page.statusCode()).as(tab).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
            assertThat(page.body()).contains("projectId");
        }
    }

    private static JsonArray projectsNamed(String name) {
        JsonArray all = new JsonArray(Rest.get("/api/v1/projects").body());
        return new JsonArray(all.stream().map(JsonObject.class::cast).filter(p -> name.equals(p.getString("name")))
                .toList());
    }

    /** A well-formed nonce (or token) that this gateway never issued. */
    private static String forged() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static HttpResponse<String> get(String path) {
        return Rest.send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path)).GET().build());
    }
}
