package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real git, through the command line, in one working directory. */
final class Git {

    private final Path dir;

    Git(Path dir) {
        this.dir = dir;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs git with these arguments; fails the test unless it exits 0. Returns its output, trimmed. */
    String run(String... args) {
        Result r = tryRun(args);
        assertThat(r.exitCode()).as("git %s in %s:%n%s", String.join(" ", args), dir, r.output()).isZero();
        return r.output().trim();
    }

    Result tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one of the git steps {@code peercode_sync_github} returned, as an agent would paste it into a
     * shell: the fetch and rebase of a branch that does not exist yet are skipped (first push ever).
     */
    void step(String step, String branch) {
        String[] args = step.replaceFirst("^git ", "").split(" ");
        if (step.startsWith("git fetch") || step.startsWith("git rebase")) {
            if (tryRun("ls-remote", "--exit-code", "--heads", "origin", branch).exitCode() != 0) {
                return;
            }
        }
        run(args);
    }
}
