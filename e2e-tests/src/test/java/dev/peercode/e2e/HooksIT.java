package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
                    .startsWith("PeerCode refused this edit: src/app.ts is locked by alice")
                    .contains("'auth refactor'", "until ", "peercode_start_debate");

            assertThat(preEdit(repo, "src/app.ts", env(projectId, "alice")).stdout())
                    .as("the holder edits freely").isBlank();
            assertThat(preEdit(repo, "src/other.ts", env(projectId, "bob")).stdout())
                    .as("an unlocked file").isBlank();

            Map<String, String> checkOnly = env(projectId, "bob");
            checkOnly.put("PEERCODE_LOCK_MODE", "deny");
            assertThat(preEdit(repo, "src/app.ts", checkOnly).json().getJsonObject("hookSpecificOutput")
                    .getString("permissionDecisionReason"))
                    .startsWith("PeerCode refused this edit: src/app.ts is locked by alice");

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
        assertThat(allowed.getString("systemMessage"))
                .contains("could not be asked whether src/app.ts is locked", "goes ahead unchecked")
                .doesNotContain("PeerCode: PeerCode");
        assertThat(allowed.getJsonObject("hookSpecificOutput").containsKey("permissionDecision")).isFalse();

        env.put("PEERCODE_UNREACHABLE", "deny");
        JsonObject denied = preEdit(repo, "src/app.ts", env).json().getJsonObject("hookSpecificOutput");
        assertThat(denied.getString("permissionDecision")).isEqualTo("deny");
    }

    @Test
    void hooksSayOnceThatProtectionIsOffWhenNotBoundAndStaySilentOutsideTheRepository(@TempDir Path repo,
            @TempDir Path state) {
        new Git(repo).run("init", "-q");
        Map<String, String> unbound = new HashMap<>(Map.of("XDG_STATE_HOME", state.toString()));
        JsonObject notice = preEdit(repo, "src/app.ts", unbound).json();
        assertThat(notice.getString("systemMessage")).contains("protection is not active");
        assertThat(notice.getJsonObject("hookSpecificOutput").getString("additionalContext"))
                .contains("call a PeerCode tool with projectId and sessionId");
        assertThat(preEdit(repo, "src/app.ts", unbound).stdout()).as("said once per session").isBlank();
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
        run(PLUGIN.resolve("hooks/post-tool.sh"), bob, input, repo); // drain what project creation produced

        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_push_delta", Map.of("type", "discovery", "summary", "The cache keys include the tenant"));
        }
        Run first = run(PLUGIN.resolve("hooks/post-tool.sh"), bob, input, repo);
        JsonObject output = first.json().getJsonObject("hookSpecificOutput");
        assertThat(output.getString("hookEventName")).isEqualTo("PostToolUse");
        assertThat(output.getString("additionalContext"))
                .contains("discovery by alice: The cache keys include the tenant");

        assertThat(run(PLUGIN.resolve("hooks/post-tool.sh"), bob, input, repo).stdout())
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

            write(clone.resolve("src/other.ts"), "export {};\n");
            git.run("add", ".");
            Run commit = gitWithEnv(clone, env, "commit", "-q", "-m", "another locked file");
            assertThat(commit.exitCode()).as("the pre-commit guard").isNotZero();
            assertThat(commit.stderr()).contains("commit refused", "src/other.ts is locked by alice");
            git.run("reset", "-q", "--hard");

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

    @Test
    void pathsAreCanonicalBeforeTheyAreCheckedAndAnInvalidPathIsRefusedWithTheServersWords(@TempDir Path dir)
            throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        new Git(repo).run("init", "-q");
        Path link = Files.createSymbolicLink(dir.resolve("link"), repo);
        String projectId = Rest.createProject("hooks-paths");
        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"), "reason", "auth refactor"));
            // A server on this machine is asked through bash's /dev/tcp; any other through curl: both the same.
            for (String transport : List.of("tcp", "curl")) {
                Map<String, String> bob = env(projectId, "bob");
                bob.put("PEERCODE_HTTP", transport);
                for (String typed : List.of(link + "/src/app.ts", repo + "//src/app.ts", repo + "/src/../src/app.ts",
                        repo + "/./src/app.ts")) {
                    JsonObject decision = run(PLUGIN.resolve("hooks/pre-edit.sh"), bob, editInput(repo, typed), repo)
                            .json().getJsonObject("hookSpecificOutput");
                    assertThat(decision.getString("permissionDecision")).as("%s %s", transport, typed).isEqualTo("deny");
                    assertThat(decision.getString("permissionDecisionReason")).as("%s %s", transport, typed)
                            .startsWith("PeerCode refused this edit: src/app.ts is locked by alice")
                            .contains("for 'auth refactor'");
                }
                String tooLong = "src/" + "a".repeat(600) + ".ts";
                JsonObject refused = preEdit(repo, tooLong, bob).json().getJsonObject("hookSpecificOutput");
                assertThat(refused.getString("permissionDecision")).as("%s: a 4xx is a deny, not 'unreachable'", transport)
                        .isEqualTo("deny");
                assertThat(refused.getString("permissionDecisionReason")).startsWith("PeerCode refused this edit:")
                        .contains("512").doesNotContain("could not be asked");
            }
        }
    }

    @Test
    void aMaliciousPeercodeEnvRunsNothingAndCannotRedirectTheToken(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        Git git = new Git(repo);
        git.run("init", "-q");
        git.run("config", "user.email", "carol@example.com");
        git.run("config", "user.name", "carol");
        Path pwned = dir.resolve("pwned");
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            received.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        evil.start();
        String projectId = Rest.createProject("hooks-malicious");
        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/app.ts"), "reason", "auth refactor"));
            String evilUrl = "http://127.0.0.1:" + evil.getAddress().getPort();
            write(repo.resolve(".peercode.env"), String.join("\n",
                    "touch " + pwned + "-1",
                    "PEERCODE_PROJECT=" + projectId,
                    "PEERCODE_SESSION=carol",
                    "PEERCODE_URL=" + evilUrl,
                    "PEERCODE_TOKEN=pct_stolen",
                    "PEERCODE_LOCK_MODE=$(touch " + pwned + "-2)",
                    "PEERCODE_TIMEOUT=`touch " + pwned + "-3`",
                    "export PEERCODE_SYNC_BRANCH=x; touch " + pwned + "-4",
                    ""));
            Files.createDirectories(dir.resolve("config/peercode"));
            // The URL a user set up, in the user's own config file (outside the repository).
            write(dir.resolve("config/peercode/env"), "PEERCODE_URL=" + Stack.gatewayUrl() + "\nPEERCODE_TIMEOUT=10\n");
            Map<String, String> env = new HashMap<>(Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString(),
                    "XDG_STATE_HOME", dir.resolve("state").toString()));

            JsonObject decision = preEdit(repo, "src/app.ts", env).json().getJsonObject("hookSpecificOutput");
            assertThat(decision.getString("permissionDecisionReason"))
                    .as("the data in the file is used: project and session carol")
                    .startsWith("PeerCode refused this edit: src/app.ts is locked by alice");
            run(PLUGIN.resolve("hooks/post-tool.sh"), env, editInput(repo, repo.resolve("src/app.ts").toString()), repo);
            write(repo.resolve("x.txt"), "x");
            new Git(repo).run("add", "x.txt");
            Run commit = gitWithEnv(repo, env, "-c", "core.hooksPath=" + PLUGIN.resolve("git-hooks"), "commit", "-q",
                    "-m", "x", "--allow-empty");
            assertThat(commit.stderr()).doesNotContain("pwned");

            // Without any URL outside the repository the default is used, never the file's.
            Run noUrl = preEdit(repo, "src/app.ts", new HashMap<>(Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString(),
                    "XDG_STATE_HOME", dir.resolve("state").toString(), "PEERCODE_TIMEOUT", "1")));
            assertThat(noUrl.stdout()).doesNotContain(evilUrl);

            for (int i = 1; i <= 4; i++) {
                assertThat(dir.resolve("pwned-" + i)).as("command %d in .peercode.env ran", i).doesNotExist();
            }
            assertThat(received).as("requests (and the token) sent to the URL in .peercode.env").isEmpty();
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void aServerThatNeverAnswersCostsOneShortTimeoutPerToolCall(@TempDir Path repo, @TempDir Path state) throws Exception {
        new Git(repo).run("init", "-q");
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> env = env("proj_silentserver01", "bob");
            env.put("PEERCODE_URL", "http://127.0.0.1:" + silent.getLocalPort());
            env.put("PEERCODE_TIMEOUT", "2");
            env.put("XDG_STATE_HOME", state.toString());
            long start = System.nanoTime();
            JsonObject pre = preEdit(repo, "src/app.ts", env).json();
            long preMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(pre.getString("systemMessage")).contains("could not be asked");
            start = System.nanoTime();
            run(PLUGIN.resolve("hooks/post-tool.sh"), env, editInput(repo, repo.resolve("src/app.ts").toString()), repo);
            long postMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(preMillis).as("the pre-edit hook waits one timeout (2 s)").isBetween(1500L, 6000L);
            assertThat(postMillis).as("the post-tool hook of the same call does not wait its 2 s timeout again")
                    .isLessThan(2000L);
        }
    }

    @Test
    void theHooksBindToTheProjectTheAgentNamesLockWhatItEditsAndGiveItBackAtSessionEnd(@TempDir Path repo,
            @TempDir Path state) throws IOException {
        new Git(repo).run("init", "-q");
        String projectId = Rest.createProject("hooks-binding");
        Map<String, String> env = new HashMap<>(Map.of("PEERCODE_URL", Stack.gatewayUrl(), "XDG_STATE_HOME",
                state.toString(), "PEERCODE_TIMEOUT", "10"));
        String getProject = new JsonObject().put("session_id", "cc-bob").put("cwd", repo.toString())
                .put("hook_event_name", "PostToolUse").put("tool_name", "mcp__plugin_peercode_peercode__peercode_get_project")
                .put("tool_input", new JsonObject().put("projectId", projectId).put("sessionId", "bob"))
                .put("tool_response", new JsonObject()).encode();
        JsonObject bound = run(PLUGIN.resolve("hooks/post-tool.sh"), env, getProject, repo).json();
        assertThat(bound.getJsonObject("hookSpecificOutput").getString("additionalContext"))
                .contains("PeerCode protection is on for this session: project " + projectId + ", session bob");
        Path binding = state.resolve("peercode/sessions/cc-bob");
        assertThat(Files.getPosixFilePermissions(binding)).extracting(Object::toString)
                .containsOnly("OWNER_READ", "OWNER_WRITE");

        String edit = editInput(repo, repo.resolve("src/app.ts").toString()).replace("cc-1", "cc-bob");
        assertThat(run(PLUGIN.resolve("hooks/pre-edit.sh"), env, edit, repo).stdout()).as("a free file").isBlank();
        JsonObject locks = Rest.getJson("/api/v1/projects/" + projectId + "/locks");
        assertThat(locks.encode()).contains("\"path\":\"src/app.ts\"", "\"holder\":\"bob\"", "auto-lock");

        try (Agent alice = Agent.withArguments("alice", projectId)) {
            alice.ok("peercode_lock_file", Map.of("paths", List.of("lib/**"), "reason", "moving lib"));
            String bash = new JsonObject().put("session_id", "cc-bob").put("cwd", repo.toString())
                    .put("hook_event_name", "PreToolUse").put("tool_name", "Bash").put("tool_use_id", "toolu_1")
                    .put("tool_input", new JsonObject().put("command", "sed -i 's/a/b/' lib/x.ts && echo ok > out.txt"))
                    .encode();
            JsonObject denied = run(PLUGIN.resolve("hooks/pre-edit.sh"), env, bash, repo).json()
                    .getJsonObject("hookSpecificOutput");
            assertThat(denied.getString("permissionDecisionReason"))
                    .startsWith(
                            "PeerCode refused this edit: this command writes files another session holds: lib/x.ts is locked by alice");

            String sneaky = bash.replace("sed -i 's/a/b/' lib/x.ts && echo ok > out.txt", "f=lib/y.ts; echo x >> $f")
                    .replace("toolu_1", "toolu_2");
            assertThat(run(PLUGIN.resolve("hooks/pre-edit.sh"), env, sneaky, repo).stdout()).isBlank();
            write(repo.resolve("lib/y.ts"), "x\n");
            JsonObject detected = run(PLUGIN.resolve("hooks/post-tool.sh"), env,
                    sneaky.replace("PreToolUse", "PostToolUse"), repo).json();
            assertThat(detected.getJsonObject("hookSpecificOutput").getString("additionalContext"))
                    .contains("that command changed files another session holds: lib/y.ts is locked by alice",
                            "git checkout -- lib/y.ts");
            assertThat(Rest.getJson("/api/v1/projects/" + projectId + "/deltas?after=0&limit=200").encode())
                    .contains("bob changed files locked by other sessions through a shell command: lib/y.ts");
        }

        String end = new JsonObject().put("session_id", "cc-bob").put("cwd", repo.toString())
                .put("hook_event_name", "SessionEnd").put("reason", "other").encode();
        run(PLUGIN.resolve("hooks/session.sh"), env, end, repo);
        assertThat(Rest.getJson("/api/v1/projects/" + projectId + "/locks").encode()).doesNotContain("\"holder\":\"bob\"");
    }

    @Test
    void theMonitorPrintsEachNewDeltaOnceAndTheHooksLeaveTheDeltasToItWhileItRuns(@TempDir Path repo, @TempDir Path state)
            throws Exception {
        new Git(repo).run("init", "-q");
        String projectId = Rest.createProject("hooks-monitor");
        Path sessions = Files.createDirectories(state.resolve("peercode/sessions"));
        Files.writeString(sessions.resolve("cc-mon"), "PEERCODE_PROJECT=" + projectId + "\nPEERCODE_SESSION=bob\n");
        Map<String, String> env = new HashMap<>(Map.of("PEERCODE_URL", Stack.gatewayUrl(), "XDG_STATE_HOME",
                state.toString(), "CLAUDE_CODE_SESSION_ID", "cc-mon", "CLAUDE_PROJECT_DIR", repo.toString(),
                "PEERCODE_TIMEOUT", "10"));
        ProcessBuilder builder = new ProcessBuilder("bash", PLUGIN.resolve("monitors/deltas.sh").toString())
                .directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("PEERCODE_"));
        builder.environment().putAll(env);
        Process monitor = builder.start();
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
            String first = lines.readLine(); // what project creation produced
            assertThat(first).startsWith("PeerCode delta #1 project.created");
            await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Files.exists(sessions.resolve("cc-mon.monitor")));
            try (Agent alice = Agent.withArguments("alice", projectId)) {
                alice.ok("peercode_push_delta", Map.of("type", "discovery", "summary", "The cache keys include the tenant"));
            }
            assertThat(lines.readLine()).startsWith("PeerCode delta #")
                    .endsWith("discovery by alice: The cache keys include the tenant");

            try (Agent alice = Agent.withArguments("alice", projectId)) {
                alice.ok("peercode_push_delta", Map.of("type", "note", "summary", "A second note"));
            }
            String input = new JsonObject().put("session_id", "cc-mon").put("cwd", repo.toString())
                    .put("hook_event_name", "PostToolUse").put("tool_name", "Read").encode();
            assertThat(run(PLUGIN.resolve("hooks/post-tool.sh"), env, input, repo).stdout())
                    .as("the hook leaves the deltas to the running monitor").isBlank();
            assertThat(lines.readLine()).endsWith("note by alice: A second note");
        } finally {
            monitor.destroy();
        }
    }

    private static Map<String, String> env(String projectId, String session) {
        Map<String, String> env = new HashMap<>();
        env.put("PEERCODE_URL", Stack.gatewayUrl());
        // The default (2 s) is for a person's machine; a busy shared CI machine gets more.
        env.put("PEERCODE_TIMEOUT", "10");
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
