package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.peercode.stores.FreePorts;
import io.vertx.core.json.JsonObject;

/**
 * The Claude Code plugin's hooks ({@code plugin/hooks}, {@code plugin/git-hooks}) run as Claude Code and
 * git run them — bash scripts fed JSON or ref lines on stdin — against the real running PeerCode.
 */
class HooksIT {

    private static final Path PLUGIN = Path.of("..", "plugin").toAbsolutePath().normalize();

    record Run(int exitCode, String stdout, String stderr) {
        JsonObject json() {
            return new JsonObject(stdout.trim());
        }
    }

    @Test
    void preEditHookDeniesAFileAnotherSessionLockedAndSaysWhy(@TempDir Path repo) {
        new Git(repo).run("init", "-q");
        String projectId = Rest.createProject("hooks-edit");
        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"), "reason", "auth refactor"));

            Run bob = preEdit(repo, "src/app.ts", env(projectId, "bob"));
            JsonObject decision = bob.json().getJsonObject("hookSpecificOutput");
            assertThat(decision.getString("hookEventName")).isEqualTo("PreToolUse");
            assertThat(decision.getString("permissionDecision")).isEqualTo("deny");
            assertThat(decision.getString("permissionDecisionReason"))
                    .contains("src/app.ts is locked by alice", "'auth refactor'", "until ", "peercode_start_debate");

            assertThat(preEdit(repo, "src/app.ts", env(projectId, "alice")).stdout())
                    .as("the holder edits freely").isBlank();
            assertThat(preEdit(repo, "src/other.ts", env(projectId, "bob")).stdout())
                    .as("an unlocked file").isBlank();

            Map<String, String> warnOnly = env(projectId, "bob");
            warnOnly.put("PEERCODE_LOCK_MODE", "warn");
            JsonObject warned = preEdit(repo, "src/app.ts", warnOnly).json();
            assertThat(warned.getString("systemMessage")).contains("locked by alice");
            assertThat(warned.getJsonObject("hookSpecificOutput").containsKey("permissionDecision")).isFalse();
        }
    }

    @Test
    void preEditHookFollowsTheConfiguredFailSafeWhenTheServerIsUnreachable(@TempDir Path repo) {
        new Git(repo).run("init", "-q");
        Map<String, String> env = env("proj_unreachable", "bob");
        env.put("PEERCODE_URL", "http://127.0.0.1:" + FreePorts.pick());

        JsonObject allowed = preEdit(repo, "src/app.ts", env).json();
        assertThat(allowed.getString("systemMessage")).contains("could not say whether src/app.ts is locked");
        assertThat(allowed.getJsonObject("hookSpecificOutput").containsKey("permissionDecision")).isFalse();

        env.put("PEERCODE_UNREACHABLE", "deny");
        JsonObject denied = preEdit(repo, "src/app.ts", env).json().getJsonObject("hookSpecificOutput");
        assertThat(denied.getString("permissionDecision")).isEqualTo("deny");
    }

    @Test
    void hooksStaySilentWhenNotConfiguredOrOutsideTheRepository(@TempDir Path repo) {
        new Git(repo).run("init", "-q");
        assertThat(preEdit(repo, "src/app.ts", new HashMap<>()).stdout()).isBlank();
        Map<String, String> env = env("proj_whatever", "bob");
        Run outside = run(PLUGIN.resolve("hooks/pre-edit.sh"), env, editInput(repo, "/etc/hosts"), repo);
        assertThat(outside.stdout()).isBlank();
    }

    @Test
    void deltaHookAddsNewDeltasToTheContextOnceAndOnlyWhenThereAreSome(@TempDir Path repo) {
        new Git(repo).run("init", "-q");
        String projectId = Rest.createProject("hooks-deltas");
        Map<String, String> bob = env(projectId, "bob");
        String input = new JsonObject().put("session_id", "cc-1").put("cwd", repo.toString())
                .put("hook_event_name", "PostToolUse").put("tool_name", "Bash").encode();
        run(PLUGIN.resolve("hooks/new-deltas.sh"), bob, input, repo); // drain what project creation produced

        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_push_delta", Map.of("type", "discovery", "summary", "The cache keys include the tenant"));
        }
        Run first = run(PLUGIN.resolve("hooks/new-deltas.sh"), bob, input, repo);
        JsonObject output = first.json().getJsonObject("hookSpecificOutput");
        assertThat(output.getString("hookEventName")).isEqualTo("PostToolUse");
        assertThat(output.getString("additionalContext"))
                .contains("discovery by alice: The cache keys include the tenant");

        assertThat(run(PLUGIN.resolve("hooks/new-deltas.sh"), bob, input, repo).stdout())
                .as("nothing new the second time").isBlank();
    }

    @Test
    void prePushGuardRefusesLockedFilesAndTheSyncBranchWithoutThePushToken(@TempDir Path dir) throws IOException {
        Path origin = dir.resolve("origin.git");
        Files.createDirectories(origin);
        new Git(origin).run("init", "-q", "--bare", "-b", "main");
        Path clone = dir.resolve("bob");
        new Git(dir).run("clone", "-q", origin.toString(), clone.toString());
        Git git = new Git(clone);
        git.run("config", "user.email", "bob@example.com");
        git.run("config", "user.name", "bob");
        git.run("commit", "-q", "--allow-empty", "-m", "start");
        git.run("push", "-q", "origin", "HEAD:main");
        Run install = run(PLUGIN.resolve("bin/peercode-install-git-hooks"), new HashMap<>(), "", clone);
        assertThat(install.exitCode()).as(install.stderr()).isZero();

        String projectId = Rest.createProject("hooks-push");
        Map<String, String> env = env(projectId, "bob");
        try (Agent alice = Agent.withArguments("alice", projectId); Agent bob = Agent.withArguments("bob", projectId)) {
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/**"), "reason", "moving the sources"));

            write(clone.resolve("src/app.ts"), "export {};\n");
            git.run("add", ".");
            git.run("commit", "-q", "-m", "touch a locked file");
            Run refused = gitWithEnv(clone, env, "push", "origin", "HEAD:feature");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("push refused", "src/app.ts is locked by alice", "moving the sources");

            git.run("reset", "-q", "--hard", "HEAD~1");
            write(clone.resolve("README.md"), "hello\n");
            git.run("add", ".");
            git.run("commit", "-q", "-m", "docs");
            assertThat(gitWithEnv(clone, env, "push", "origin", "HEAD:feature").exitCode()).isZero();

            Run noToken = gitWithEnv(clone, env, "push", "origin", "HEAD:peer-progress");
            assertThat(noToken.exitCode()).isNotZero();
            assertThat(noToken.stderr()).contains("needs the push token", "peercode_sync_github");

            bob.ok("peercode_sync_github", Map.of("action", "start"));
            Run withToken = gitWithEnv(clone, env, "push", "origin", "HEAD:peer-progress");
            assertThat(withToken.exitCode()).as(withToken.stderr()).isZero();
        }
    }

    private static Map<String, String> env(String projectId, String session) {
        Map<String, String> env = new HashMap<>();
        env.put("PEERCODE_URL", Stack.gatewayUrl());
        env.put("PEERCODE_PROJECT", projectId);
        env.put("PEERCODE_SESSION", session);
        return env;
    }

    private static String editInput(Path repo, String file) {
        return new JsonObject().put("session_id", "cc-1").put("cwd", repo.toString())
                .put("hook_event_name", "PreToolUse").put("tool_name", "Edit")
                .put("tool_input", new JsonObject().put("file_path", file).put("old_string", "a").put("new_string", "b"))
                .encode();
    }

    private static Run preEdit(Path repo, String relativePath, Map<String, String> env) {
        return run(PLUGIN.resolve("hooks/pre-edit.sh"), env, editInput(repo, repo.resolve(relativePath).toString()), repo);
    }

    private static Run gitWithEnv(Path dir, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return exec(command, env, "", dir);
    }

    private static Run run(Path script, Map<String, String> env, String stdin, Path dir) {
        return exec(List.of("bash", script.toString()), env, stdin, dir);
    }

    private static Run exec(List<String> command, Map<String, String> env, String stdin, Path dir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PEERCODE_"));
        builder.environment().putAll(env);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        try {
            Path out = Files.createTempFile("hook-out", ".txt");
            Path err = Files.createTempFile("hook-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
