package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * The real Claude Code CLI (installed by the build from {@code src/test/claude-code}, pinned by its
 * package-lock.json) in a home of its own, talking to a {@link ScriptedModel} instead of the
 * Anthropic API, with non-essential traffic and auto-updates off.
 */
final class ClaudeCode {

    static final Path CLI = Path.of("src", "test", "claude-code", "node_modules", ".bin", "claude").toAbsolutePath();

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    ClaudeCode(Path home, ScriptedModel model, Map<String, String> extraEnv) {
        this.home = home;
        env.put("HOME", home.toString());
        env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("ANTHROPIC_BASE_URL", model.baseUrl());
        env.put("ANTHROPIC_API_KEY", "sk-ant-scripted-model-not-a-key");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.putAll(extraEnv);
    }

    Path home() {
        return home;
    }

    /** Runs a {@code claude} subcommand (e.g. plugin install) to completion; returns its output. */
    String run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = builder(command, dir).redirectErrorStream(true);
        try {
            Process p = builder.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("claude %s finished", args[0]).isTrue();
            assertThat(p.exitValue()).as("claude %s:%n%s", String.join(" ", args), output).isZero();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A print-mode session with stream-json input: it lives until {@link Session#close()}. */
    Session start(Path dir) {
        List<String> command = List.of(CLI.toString(), "-p", "--input-format", "stream-json", "--output-format",
                "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools",
                "Bash mcp__plugin_peercode_peercode");
        try {
            return new Session(builder(command, dir).redirectError(home.resolve("stderr-" + dir.getFileName() + ".txt")
                    .toFile()).start());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder builder(List<String> command, Path dir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PEERCODE_") || k.startsWith("CLAUDE")
                || k.startsWith("ANTHROPIC_"));
        builder.environment().putAll(env);
        return builder;
    }

    static final class Session implements AutoCloseable {

        private final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        private final List<JsonObject> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        Session(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("{")) {
                            JsonObject event = new JsonObject(line);
                            all.add(event);
                            events.add(event);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "claude-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Sends a user prompt and waits for the turn's result event. */
        JsonObject prompt(String text) {
            JsonObject message = new JsonObject().put("type", "user")
                    .put("message", new JsonObject().put("role", "user").put("content", text));
            try {
                stdin.write((message.encode() + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline) {
                    JsonObject event = events.poll(1, TimeUnit.SECONDS);
                    if (event != null && "result".equals(event.getString("type"))) {
                        return event;
                    }
                    assertThat(process.isAlive() || !events.isEmpty()).as("claude is running").isTrue();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            throw new AssertionError("no result from claude within 120 s");
        }

        /** What the hooks printed, in order (for failure messages). */
        List<String> hookOutputs() {
            return all.stream().filter(e -> "hook_response".equals(e.getString("subtype")))
                    .map(e -> e.getString("hook_name") + ": " + e.getString("stdout", "") + e.getString("stderr", ""))
                    .toList();
        }

        /** Ends the session as a person closing it would (end of input): Claude Code runs its SessionEnd hooks. */
        @Override
        public void close() {
            try {
                stdin.close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
