package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.peercode.testissuer.TestIssuer;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The web UI in a real headless browser against the whole secured set (authentication on, the test OIDC
 * issuer): a person signs in through the authorization-code flow, creates a project, makes an agent token,
 * watches what an agent does over MCP with that token appear on the board without reloading, decides the
 * debate the agent escalated (the agent receives the decision as a delta), applies the server's replanning
 * proposal, and revokes the token, which the gateway then refuses. Screenshots of the main pages are kept
 * in {@code target/screenshots/}.
 */
class WebUiIT {

    private static Browser browser;
    private static String gateway;

    @BeforeAll
    static void signIn() {
        Assumptions.assumeTrue(Browser.installed(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them): apt-get install chromium chromium-driver");
        gateway = SecuredStack.gatewayUrl();
        browser = Browser.start();

        // /ui sends the browser to the issuer's login form; signing in there brings it back, signed in.
        browser.open(gateway + "/ui");
        TestIssuer.WebLogin login = SecuredStack.issuer().webLogin();
        browser.fill("username", login.username());
        browser.fill("password", login.password());
        browser.find(By.id("login")).click();
        browser.until(d -> d.getCurrentUrl().startsWith(gateway + "/ui"));
        // The header names the person (the token's name / preferred_username claim), not the opaque subject.
        assertThat(browser.find(By.id("person")).getText()).isEqualTo(login.preferredUsername());
        assertThat(browser.find(By.id("person")).getAttribute("title")).contains(login.subject());
    }

    /** {@code count} form controls match {@code css}, and each has exactly one label naming it. */
    private static void assertEachLabelled(String css, int count) {
        List<WebElement> controls = browser.until(d -> d.findElements(By.cssSelector(css)));
        assertThat(controls).hasSize(count);
        for (WebElement control : controls) {
            String id = control.getAttribute("id");
            List<WebElement> labels = browser.until(d -> d.findElements(By.cssSelector("label[for='" + id + "']")));
            assertThat(labels).as("label of %s", id).hasSize(1);
        }
    }

    /** The lines of the one file with this ending that the browser downloads (waits until it is complete). */
    private static List<String> downloaded(String ending) throws IOException {
        Path file = browser.until(d -> {
            try (var files = Files.list(browser.downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(ending)).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        return Files.readAllLines(file);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonWatchesAndSteersAnAgentFromTheBrowser() throws Exception {
        // Create a project from the form: the signed-in person becomes its owner and lands on its board.
        String name = "Web UI " + System.nanoTime();
        browser.fill("name", name);
        browser.fill("description", "Watched from a browser");
        browser.fill("repositoryUrl", "git@github.com:acme/app.git");
        browser.find(By.cssSelector("form[action='/ui/projects'] button[type=submit]")).click();
        browser.until(d -> d.getCurrentUrl().matches(".*/ui/projects/proj_[A-Za-z0-9_-]{16}$"));
        String projectId = browser.driver.getCurrentUrl().replaceAll(".*/ui/projects/", "");
        String base = gateway + "/ui/projects/" + projectId;
        browser.screenshot("01-board-empty");

        // An agent token, shown once with ready-to-paste client configurations.
        browser.open(base + "/tokens");
        browser.fill("t-name", "alice-laptop");
        browser.find(By.cssSelector("form[action$='/tokens'] button[type=submit]")).click();
        String token = browser.find(By.id("secret")).getAttribute("value");
        assertThat(token).startsWith("pct_");
        assertThat(browser.find(By.id("snippet-claude")).getText()).contains("\"Bearer " + token + "\"",
                gateway + "/mcp", "\"type\" : \"http\"");
        assertThat(browser.find(By.id("snippet-cursor")).getText()).contains("\"Bearer " + token + "\"")
                .doesNotContain("\"type\"");
        browser.screenshot("05-agent-token-created");
        String tokenId = browser.find(By.cssSelector("table.tokens tbody tr")).getAttribute("id");

        // The board follows the agent live: no reload (the page's own marker survives).
        browser.open(base);
        browser.find(By.cssSelector("[sse-connect]"));
        browser.script("window.peercodeNoReload = 'same page';");
        try (TokenAgent alice = new TokenAgent(token, projectId, "alice")) {
            String phase = alice.ok("peercode_create_phase", Map.of("name", "Auth")).getString("id");
            String refactor = alice.ok("peercode_create_task", Map.of("phaseId", phase, "title", "Auth refactor",
                    "expectedFiles", List.of("src/app.ts"), "priority", 1)).getString("id");
            alice.ok("peercode_create_task", Map.of("phaseId", phase, "title", "Document the login flow",
                    "dependsOn", List.of(refactor)));
            String ship = alice.ok("peercode_create_phase", Map.of("name", "Ship")).getString("id");
            String notes = alice.ok("peercode_create_task", Map.of("phaseId", ship, "title", "Release notes",
                    "expectedFiles", List.of("CHANGELOG.md"), "priority", 2)).getString("id");
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"), "reason", "auth refactor",
                    "taskId", refactor));

            browser.until(d -> d.findElement(By.id("board")).getText().contains("Release notes")
                    && d.findElement(By.id("coordination")).getText().contains("auth refactor"));
            assertThat(browser.textOf(By.id(refactor))).contains("Auth refactor", "src/app.ts", "unassigned");
            assertThat(browser.textOf(By.cssSelector("li.task.blocked")))
                    .contains("Document the login flow", "waits for Auth refactor");
            assertThat(browser.textOf(By.id("coordination"))).contains("alice", "src/app.ts", "left");
            assertThat(browser.script("return window.peercodeNoReload;")).isEqualTo("same page");
            browser.screenshot("02-board-live");

            // The owner force-releases alice's lock with a reason; the log records it.
            browser.click(By.cssSelector("#coordination details.force summary"));
            browser.fill("fr-reason", "alice went quiet; the refactor moves on");
            browser.click(By.cssSelector("#coordination form[action$='/force-release'] button[type=submit]"));
            browser.until(d -> d.findElement(By.id("coordination")).getText().contains("No file is locked."));

            // The dependency graph: a server-drawn SVG with a text alternative, live like the board.
            browser.open(base + "/graph");
            browser.script("window.peercodeNoReload = 'same graph';");
            // The fragment is swapped when the page's event stream connects: read inside waits, never hold elements.
            String graphTitle = browser.until(d -> d.findElement(By.cssSelector("#graph svg[role=img] > title"))
                    .getAttribute("textContent"));
            assertThat(graphTitle).isEqualTo("Task dependency graph");
            String graphDescription = browser
                    .until(d -> d.findElement(By.cssSelector("#graph svg > desc")).getAttribute("textContent"));
            assertThat(graphDescription)
                    .contains("3 tasks in 2 dependency levels",
                            "Critical path (2 tasks): Auth refactor → Document the login flow");
            assertThat(browser.driver.findElements(By.cssSelector("#graph svg g.node"))).hasSize(3);
            assertThat(browser.driver.findElements(By.cssSelector("#graph svg g.node.critical"))).hasSize(2);
            assertThat(browser.textOf(By.id("graph-table"))).contains("Document the login flow (critical)",
                    "Auth refactor");
            alice.ok("peercode_create_task", Map.of("phaseId", ship, "title", "Announce the release",
                    "dependsOn", List.of(refactor)));
            browser.until(d -> d.findElements(By.cssSelector("#graph svg g.node")).size() == 4);
            assertThat(browser.textOf(By.id("graph-table"))).contains("Announce the release");
            assertThat(browser.script("return window.peercodeNoReload;")).isEqualTo("same graph");
            browser.screenshot("08-dependency-graph");

            // A discovery is highlighted on the timeline; the type filter narrows it.
            alice.ok("peercode_push_delta", Map.of("type", "discovery",
                    "summary", "Session cookies are signed with SHA-1", "paths", List.of("src/app.ts")));

            // The agent escalates a debate: it waits for a person, who decides with a rationale.
            String debateId = alice.ok("peercode_start_debate", Map.of("topic", "Cookie signing",
                    "question", "Which algorithm replaces SHA-1?", "options", List.of("hmac-sha256", "ed25519"),
                    "participants", List.of("alice")))
                    .getString("id");
            alice.ok("peercode_respond_debate", Map.of("debateId", debateId, "escalate", true,
                    "argument", "A security choice: a person should make it"));
            browser.open(base + "/debates");
            By escalated = By.cssSelector("article.debate.escalated");
            String escalatedId = browser.until(d -> d.findElement(escalated).getAttribute("id"));
            assertThat(escalatedId).isEqualTo(debateId);
            browser.screenshot("04-debates-escalated");
            // Once the person starts answering, live refreshes leave the form alone.
            browser.click(By.cssSelector("article.debate.escalated input[type=radio][value='hmac-sha256']"));
            browser.fill(By.cssSelector("article.debate.escalated textarea"), "Supported by every runtime we deploy to");
            alice.ok("peercode_push_delta", Map.of("type", "note", "summary", "Waiting for the cookie decision"));
            browser.click(By.cssSelector("article.debate.escalated button[type=submit]"));
            assertThat(browser.textOf(By.cssSelector("p.notice[role=status]")))
                    .contains("Decision recorded", "debate.decided");
            assertThat(browser.driver.findElements(By.cssSelector("article.debate.escalated"))).isEmpty();

            // The decision reaches the agent as a delta.
            JsonArray decided = alice.ok("peercode_get_deltas", Map.of("after", 0, "types", List.of("debate.decided"),
                    "includeOwn", true)).getJsonArray("deltas");
            assertThat(decided).hasSize(1);
            assertThat(decided.getJsonObject(0).getString("summary")).contains("hmac-sha256");

            browser.open(base + "/timeline");
            String discoveryClasses = browser
                    .until(d -> d.findElement(By.cssSelector("li.delta.type-discovery")).getAttribute("class"));
            assertThat(discoveryClasses).contains("highlighted");
            assertThat(browser.textOf(By.id("timeline"))).contains("debate.decided", "hmac-sha256",
                    "lock.force_released", "alice went quiet");
            browser.screenshot("03-timeline");
            // Owners take the history away from here: the link to the export (the REST route is ExportImportIT's).
            String export = browser.until(d -> d.findElement(By.cssSelector("p.export a[download]")).getAttribute("href"));
            assertThat(export).endsWith("/ui/projects/" + projectId + "/export");
            // Clicking it downloads the file: JSON Lines, a header first, the whole log gapless by seq. (This stalled
            // while pages left behind kept their event streams open in the back/forward cache and took every
            // connection the browser allows to one host; peercode.js closes them on pagehide.)
            browser.click(By.cssSelector("p.export a[download]"));
            List<JsonObject> exported = downloaded(".jsonl").stream().map(JsonObject::new).toList();
            assertThat(exported.get(0).getString("kind")).isEqualTo("header");
            long exportedLastSeq = exported.get(0).getJsonObject("project").getLong("lastSeq");
            List<Long> seqs = exported.stream().filter(l -> "delta".equals(l.getString("kind")))
                    .map(l -> l.getLong("seq")).toList();
            assertThat(seqs).hasSize((int) exportedLastSeq);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(i + 1L);
            }
            assertThat(exported).extracting(l -> l.getString("type")).contains("debate.decided", "lock.force_released");

            // Pictures of the work from the log: a swimlane per session, live; the agent's push shows up.
            alice.ok("peercode_update_task", Map.of("taskId", notes, "claim", true));
            browser.open(base + "/swimlane");
            browser.script("window.peercodeNoReload = 'same swimlane';");
            String laneTitle = browser.until(d -> d.findElement(By.cssSelector("#swimlane svg[role=img] > title"))
                    .getAttribute("textContent"));
            assertThat(laneTitle).isEqualTo("What each session did in the last 6 hours");
            String laneDescription = browser.until(d -> d.findElement(By.cssSelector("#swimlane svg > desc"))
                    .getAttribute("textContent"));
            assertThat(laneDescription).contains("1 task holds", "1 lock spans");
            assertThat(browser.driver.findElements(By.cssSelector("#swimlane svg g.lane[data-session=alice]")))
                    .hasSize(1);
            assertThat(browser.textOf(By.id("swimlane-table"))).contains("@alice", "Release notes", "src/app.ts",
                    "started at", "escalated at");
            String pushToken = alice.ok("peercode_sync_github", Map.of("action", "start")).getString("token");
            alice.ok("peercode_sync_github", Map.of("action", "complete", "token", pushToken, "commitSha",
                    "abc1234def"));
            browser.until(d -> d.findElement(By.id("swimlane-table")).getText().contains("pushed abc1234"));
            assertThat(browser.driver.findElements(By.cssSelector("#swimlane svg g.span.push"))).hasSize(1);
            assertThat(browser.driver.findElements(By.cssSelector("#swimlane svg g.span.token"))).hasSize(1);
            // The session's name in the picture is a link, reachable from the keyboard.
            assertThat(browser.driver.findElement(By.cssSelector("#swimlane svg a")).getDomAttribute("href"))
                    .endsWith("/timeline?session=alice");
            browser.script("document.querySelector('#swimlane svg a').focus();");
            assertThat(browser.script("return document.activeElement.closest('svg') !== null;")).isEqualTo(true);
            assertThat(browser.script("return window.peercodeNoReload;")).isEqualTo("same swimlane");
            browser.screenshot("10-swimlane");

            // The burn-up per phase, live: a task done moves its phase's line.
            browser.open(base + "/burnup");
            browser.script("window.peercodeNoReload = 'same burnup';");
            String burnTitle = browser.until(d -> d.findElement(By.cssSelector("#burnup svg[role=img] > title"))
                    .getAttribute("textContent"));
            assertThat(burnTitle).isEqualTo("Tasks done over time, per phase");
            assertThat(browser.driver.findElements(By.cssSelector("#burnup svg g.phase-panel"))).hasSize(3);
            assertThat(browser.textOf(By.id("burnup-h"))).isEqualTo("0 of 4 tasks done in 2 phases");
            alice.ok("peercode_update_task", Map.of("taskId", notes, "status", "done"));
            browser.until(d -> d.findElement(By.id("burnup-h")).getText().equals("1 of 4 tasks done in 2 phases"));
            String burnDescription = browser.until(d -> d.findElement(By.cssSelector("#burnup svg > desc"))
                    .getAttribute("textContent"));
            assertThat(burnDescription).contains("Auth: 0 of 2 done.", "Ship: 1 of 2 done.");
            assertThat(browser.textOf(By.id("burnup-table"))).contains("All phases", "Auth", "Ship");
            assertThat(browser.script("return window.peercodeNoReload;")).isEqualTo("same burnup");
            browser.screenshot("11-burnup");
            browser.open(base + "/timeline?type=discovery&session=alice");
            List<String> filtered = browser
                    .until(d -> d.findElements(By.cssSelector("li.delta")).stream().map(WebElement::getText).toList());
            assertThat(filtered).singleElement().asString()
                    .contains("Session cookies are signed with SHA-1");

            // The server's replanning proposal, with reasons; a person applies it as one plan revision.
            browser.open(base + "/replan");
            assertThat(browser.find(By.cssSelector("ol.findings")).getText()).isNotBlank();
            browser.screenshot("06-replan");
            browser.find(By.cssSelector("form[action$='/replan'] button[type=submit]")).click();
            assertThat(browser.textOf(By.cssSelector("p.notice[role=status]"))).contains("plan revision");

            // Members: the owner (listed by name, seen signed in) adds a person by subject with a name, makes
            // them an owner, and the page offers role changes and removal with labelled controls.
            browser.open(base + "/members");
            String bob = "bob-" + System.nanoTime();
            browser.fill("m-subject", bob);
            browser.fill("m-name", "Bob Builder");
            browser.find(By.cssSelector("form[action$='/members'] button[type=submit]")).click();
            browser.until(d -> d.findElements(By.cssSelector("table.list tbody tr")).size() == 2);
            assertThat(browser.textOf(By.cssSelector("table.members tbody"))).contains("alice", "(you)", "Bob Builder",
                    bob);
            WebElement bobsRow = browser.find(By.xpath("//tr[td/code[text()='" + bob + "']]"));
            new org.openqa.selenium.support.ui.Select(bobsRow.findElement(By.cssSelector("select[name=role]")))
                    .selectByValue("owner");
            bobsRow.findElement(By.cssSelector("form[action$='/members/role'] button")).click();
            browser.until(d -> d.findElement(By.xpath("//tr[td/code[text()='" + bob + "']]/td[2]")).getText()
                    .equals("owner"));
            assertEachLabelled("table.members select", 2);
            List<WebElement> removeButtons = browser
                    .until(d -> d.findElements(By.cssSelector("button.danger[aria-label^='Remove ']")));
            assertThat(removeButtons).hasSize(2);
            browser.screenshot("08-members");

            // Webhooks (owners): add one with labelled fields; the secret is shown once; the list shows it.
            browser.open(base + "/webhooks");
            browser.fill("w-url", "http://127.0.0.1:9/peercode-hook");
            browser.find(By.cssSelector("form[action$='/webhooks'] button[type=submit]")).click();
            browser.until(d -> d.findElement(By.id("webhook-secret")).getAttribute("value").startsWith("whsec_"));
            assertThat(browser.textOf(By.cssSelector("article.webhook"))).contains("http://127.0.0.1:9/peercode-hook",
                    "blocker", "debate.no_quorum");
            assertEachLabelled("input[name=events]", 7);
            browser.screenshot("09-webhooks");

            // The pages are for people: the agent's token does not open them.
            HttpResponse<String> asAgent = SecuredStack.send("GET", "/ui/projects/" + projectId, token, null);
            assertThat(asAgent.statusCode()).as(asAgent.body()).isIn(302, 401, 403);
            assertThat(asAgent.body()).doesNotContain(name);

            // Revoking the token in the browser locks the agent out from its next call on.
            browser.open(base + "/tokens");
            browser.find(By.cssSelector("tr[id='" + tokenId + "'] button.danger")).click();
            // The click navigates (post, redirect, get): wait for the new page, not the old row.
            browser.until(d -> d.findElement(By.cssSelector("tr[id='" + tokenId + "']")).getText().contains("revoked"));
            browser.screenshot("07-agent-token-revoked");
            assertThat(alice.refused()).isEqualTo(401);
            assertThat(SecuredStack.send("GET", "/api/v1/projects/" + projectId, token, null).statusCode())
                    .isEqualTo(401);
        }
    }

    /** An agent as Claude Code runs it: MCP over Streamable HTTP with its agent token as bearer. */
    private static final class TokenAgent implements AutoCloseable {

        private final String token;
        private final McpStreamableTestClient client;

        TokenAgent(String token, String projectId, String session) {
            this.token = token;
            this.client = McpAssured.newStreamableClient().setBaseUri(URI.create(gateway)).setName("e2e-web-" + session)
                    .setAdditionalHeaders(m -> MultiMap.caseInsensitiveMultiMap()
                            .add("Authorization", "Bearer " + token)
                            .add("X-PeerCode-Project", projectId)
                            .add("X-PeerCode-Session", session))
                    .build().connect();
        }

        JsonObject ok(String tool, Map<String, Object> args) {
            AtomicReference<JsonObject> response = new AtomicReference<>();
            client.when().message(client.newRequest("tools/call").put("params",
                    new JsonObject().put("name", tool).put("arguments", new JsonObject(new HashMap<>(args)))))
                    .withAssert(response::set).send().thenAssertResults();
            JsonObject result = response.get().getJsonObject("result");
            assertThat(result.getBoolean("isError", false)).as("%s failed: %s", tool, result).isFalse();
            ToolContract.verify(gateway, this::toolsList, tool, result);
            return result.getJsonObject("structuredContent");
        }

        private JsonArray toolsList() {
            AtomicReference<JsonObject> response = new AtomicReference<>();
            client.when().message(client.newRequest("tools/list").put("params", new JsonObject()))
                    .withAssert(response::set).send().thenAssertResults();
            return response.get().getJsonObject("result").getJsonArray("tools");
        }

        /** The status a new MCP request with this token gets now. */
        int refused() throws IOException, InterruptedException {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "/mcp"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("jsonrpc", "2.0").put("id", 1)
                            .put("method", "tools/list").encode()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        }

        @Override
        public void close() {
            try {
                client.disconnect();
            } catch (RuntimeException | AssertionError e) {
                // Expected once the token is revoked: the gateway refuses even the session's DELETE.
            }
        }
    }
}
