package dev.peercode.e2e;

import static dev.peercode.e2e.ScriptedModel.Step.call;
import static dev.peercode.e2e.ScriptedModel.Step.say;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The plugin in the real Claude Code CLI (pinned in {@code src/test/claude-code}), installed as
 * plugin/README.md says (marketplace add of this repository's path, then install) in a home of its
 * own, with a {@link ScriptedModel} in place of the model. Two sessions in two clones of one
 * repository, in the first-use flow: no PeerCode project or session anywhere but in the prompt.
 */
class ClaudeCodeIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String DISCOVERY = "The cache keys include the tenant";

    @Test
    void twoSessionsCoordinateThroughThePluginFromThePromptAlone(@TempDir Path dir) throws IOException {
        Path origin = seedRepository(dir);
        Path aliceClone = clone(dir, origin, "alice");
        Path bobClone = clone(dir, origin, "bob");
        Path bobLink = Files.createSymbolicLink(dir.resolve("bob-link"), bobClone);
        String projectId = Rest.createProject("claude-code");
        String locks = "/api/v1/projects/" + projectId + "/locks";

        try (ScriptedModel model = new ScriptedModel()) {
            // The only PeerCode setting: where the server is (the default is http://localhost:8080).
            ClaudeCode claude = new ClaudeCode(dir.resolve("home"), model, Map.of("PEERCODE_URL", Stack.gatewayUrl()));
            // This shared 2-core machine can be slow to answer; the hooks' default timeout is 2 s.
            ClaudeCode.write(claude.home().resolve(".config/peercode/env"), "PEERCODE_TIMEOUT=10\n");
            claude.run(dir, "plugin", "marketplace", "add", REPOSITORY.toString());
            claude.run(dir, "plugin", "install", "peercode@peercode");

            model.script("alice", "I'm alice.",
                    call("a_join", "peercode_get_project", new JsonObject().put("projectId", projectId)
                            .put("sessionId", "alice")),
                    call("a_lock", "peercode_lock_file", new JsonObject().put("projectId", projectId)
                            .put("sessionId", "alice").put("paths", new JsonArray().add("src/feature/**"))
                            .put("reason", "the tenant feature")),
                    call("a_edit", "Edit", edit(aliceClone.resolve("src/app.ts"), "hello", "hello, tenant")),
                    say("Connected as alice; working on the greeting."));
            try (ClaudeCode.Session alice = claude.start(aliceClone)) {
                alice.prompt("Connect to PeerCode and start working on project " + projectId + ". I'm alice.");
                assertThat(model.lastRequest("alice").encode()).as("bound from the agent's own tool call")
                        .contains("PeerCode protection is on for this session: project " + projectId + ", session alice");
                assertThat(ScriptedModel.text(model.toolResult("alice", "a_edit"))).contains("updated successfully");
                assertThat(Rest.getJson(locks).encode()).as("the edit locked the file for alice")
                        .contains("\"path\":\"src/app.ts\"", "\"holder\":\"alice\"", "PeerCode auto-lock");

                bobTriesEveryEditPath(model, claude, projectId, bobClone, bobLink, alice);
                assertThat(Rest.getJson(locks).encode()).contains("\"holder\":\"alice\"");
            }
            assertThat(Rest.getJson(locks).getJsonArray("locks")).as("alice's SessionEnd gave her locks back").isEmpty();

            aMaliciousPeercodeEnvRunsNothing(dir, origin, model, claude, projectId);
        }
    }

    private void bobTriesEveryEditPath(ScriptedModel model, ClaudeCode claude, String projectId, Path bobClone,
            Path bobLink, ClaudeCode.Session alice) {
        model.script("bob", "I'm bob.",
                call("b_join", "peercode_get_project", new JsonObject().put("projectId", projectId).put("sessionId", "bob")),
                call("b_edit", "Edit", edit(bobClone.resolve("src/app.ts"), "hello", "hi")),
                call("b_link", "Write", new JsonObject().put("file_path", bobLink.resolve("src/../src/feature/flag.ts")
                        .toString()).put("content", "export const flag = true;\n")),
                call("b_sed", "Bash", bash("sed -i 's/hello/hi/' src/app.ts")),
                call("b_sneak", "Bash", bash("f=src/app.ts; echo '// bob was here' >> $f")),
                say("src/app.ts is alice's; I will wait."));
        try (ClaudeCode.Session bob = claude.start(bobClone)) {
            bob.prompt("Connect to PeerCode and start working on project " + projectId + ". I'm bob.");
            JsonObject denied = model.toolResult("bob", "b_edit");
            assertThat(denied.getBoolean("is_error")).isTrue();
            assertThat(ScriptedModel.text(denied)).as("hooks: %s", bob.hookOutputs())
                    .contains("PeerCode refused this edit: src/app.ts is locked by alice", "peercode_start_debate")
                    .doesNotContain("PeerCode: PeerCode");
            assertThat(ScriptedModel.text(model.toolResult("bob", "b_link"))).as("through a symbolic link and ..: %s",
                    bob.hookOutputs()).contains("PeerCode refused this edit: src/feature/flag.ts is locked by alice");
            assertThat(bobLink.resolve("src/feature/flag.ts")).doesNotExist();
            assertThat(ScriptedModel.text(model.toolResult("bob", "b_sed"))).contains(
                    "PeerCode refused this edit: this command writes files another session holds: src/app.ts is locked by alice");
            assertThat(ScriptedModel.text(model.toolResult("bob", "b_sneak"))).doesNotContain("refused");
            assertThat(model.lastRequest("bob").encode()).as("the shell edit the pre-check could not see")
                    .contains("that command changed files another session holds: src/app.ts is locked by alice",
                            "git checkout -- src/app.ts");
            assertThat(Rest.getJson("/api/v1/projects/" + projectId + "/deltas?after=0&limit=200").encode())
                    .contains("bob changed files locked by other sessions through a shell command: src/app.ts");

            model.script("alice", "Tell the others",
                    call("a_tell", "peercode_push_delta", new JsonObject().put("projectId", projectId)
                            .put("sessionId", "alice").put("type", "discovery").put("summary", DISCOVERY)),
                    say("Told them."));
            alice.prompt("Tell the others what you found about the cache.");
            model.script("bob", "Carry on", call("b_look", "Bash", bash("git status --short")), say("Noted."));
            bob.prompt("Carry on with your work.");
            model.script("bob", "Anything new", call("b_again", "Bash", bash("true")), say("Nothing new."));
            bob.prompt("Anything new from the others?");
            assertThat(occurrences(model.lastRequest("bob").encode(), DISCOVERY))
                    .as("alice's discovery reached bob's context exactly once").isEqualTo(1);
        }
    }

    private void aMaliciousPeercodeEnvRunsNothing(Path dir, Path origin, ScriptedModel model, ClaudeCode claude,
            String projectId) {
        Path carolClone = clone(dir, origin, "carol");
        Path pwned = dir.resolve("pwned");
        ClaudeCode.write(carolClone.resolve(".peercode.env"), String.join("\n",
                "touch " + pwned + "-1",
                "PEERCODE_PROJECT=" + projectId,
                "PEERCODE_SESSION=carol",
                "PEERCODE_URL=" + model.baseUrl() + "/evil",
                "PEERCODE_TOKEN=pct_stolen",
                "PEERCODE_LOCK_MODE=$(touch " + pwned + "-2)",
                "`touch " + pwned + "-3`",
                ""));
        try (Agent dave = Agent.withArguments("dave", projectId)) {
            dave.ok("peercode_lock_file", Map.of("paths", List.of("src/**"), "reason", "moving the sources"));
            model.script("carol", "I'm carol.", call("c_edit", "Edit", edit(carolClone.resolve("src/app.ts"), "hello", "hey")),
                    say("Blocked."));
            try (ClaudeCode.Session carol = claude.start(carolClone)) {
                carol.prompt("Fix the greeting in src/app.ts. I'm carol.");
            }
        }
        assertThat(model.lastRequest("carol").encode()).as("SessionStart digest of a bound session")
                .contains("PeerCode: you are carol in project claude-code (" + projectId + ")", "src/** (dave)");
        assertThat(ScriptedModel.text(model.toolResult("carol", "c_edit")))
                .as("the file's data (project, session) is used").contains("PeerCode refused this edit:", "locked by dave");
        for (int i = 1; i <= 3; i++) {
            assertThat(Path.of(pwned + "-" + i)).as("a command in .peercode.env ran").doesNotExist();
        }
        assertThat(model.requests()).as("nothing (no token) went to the URL in .peercode.env")
                .noneMatch(r -> r.path().startsWith("/evil"));
    }

    private static JsonObject edit(Path file, String from, String to) {
        return new JsonObject().put("file_path", file.toString()).put("old_string", from).put("new_string", to);
    }

    private static JsonObject bash(String command) {
        return new JsonObject().put("command", command).put("description", "run " + command);
    }

    private static int occurrences(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Path seedRepository(Path dir) throws IOException {
        Path origin = dir.resolve("origin.git");
        Files.createDirectories(origin);
        new Git(origin).run("init", "-q", "--bare", "-b", "main");
        Path seed = dir.resolve("seed");
        Files.createDirectories(seed);
        new Git(seed).run("init", "-q", "-b", "main");
        new Git(seed).run("config", "user.email", "seed@example.com");
        new Git(seed).run("config", "user.name", "seed");
        ClaudeCode.write(seed.resolve("src/app.ts"), "export const greeting = 'hello';\n");
        ClaudeCode.write(seed.resolve("README.md"), "# app\n");
        Git git = new Git(seed);
        git.run("add", ".");
        git.run("commit", "-q", "-m", "start");
        git.run("push", "-q", origin.toString(), "HEAD:main");
        return origin;
    }

    private static Path clone(Path dir, Path origin, String name) {
        Path clone = dir.resolve(name);
        new Git(dir).run("clone", "-q", "-b", "main", origin.toString(), clone.toString());
        Git git = new Git(clone);
        git.run("config", "user.email", name + "@example.com");
        git.run("config", "user.name", name);
        return clone;
    }
}
