package dev.peercode.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.launcher.TemporaryStack;
import dev.peercode.stores.FreePorts;

/**
 * The local stack's memory as a developer runs it: starts {@code ./run-local.sh} (the launcher's own JVM
 * flags, the services' JVM flags, PostgreSQL and Redis as the launcher configures them) on free ports and a
 * fresh data directory, and reports
 * <ul>
 * <li>time to ready: process start → the launcher's "PeerCode is running" banner (all three services ready);</li>
 * <li>RSS and PSS ({@code /proc/<pid>/smaps_rollup}) of every process of the stack — the launcher, each
 * service, PostgreSQL (postmaster and every backend, summed) and Redis — idle after start-up;</li>
 * <li>the same after the benchmark's lock load (acquire + release through the gateway, closed loop,
 * {@code FOOTPRINT_SESSIONS} sessions for {@code FOOTPRINT_LOAD_SECONDS}) and a settle time.</li>
 * </ul>
 * The stack is started {@code FOOTPRINT_STARTS} times (default 2) on the same data directory: the first start
 * creates the database and the class-data archives, the later ones are the everyday start.
 * PSS divides each shared page among the processes that map it (the JDK's libjvm and CDS archive across the
 * four JVMs, PostgreSQL's shared buffers across its backends), so the PSS column adds up to the stack's real
 * share of memory; RSS counts shared pages once per process.
 * <p>
 * {@code java -cp benchmarks/target/peercode-benchmarks.jar dev.peercode.bench.Footprint} from the repository
 * root, or {@code benchmarks/footprint.sh}.
 */
public final class Footprint {

    private static final Duration SETTLE = Duration.ofSeconds(Long.parseLong(env("FOOTPRINT_SETTLE_SECONDS", "10")));

    private final Path home;
    private final HttpClient http = McpClient.newHttp();
    private final StringBuilder out = new StringBuilder();

    private Footprint(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(env("PEERCODE_HOME", ".")).toAbsolutePath().normalize();
        Footprint footprint = new Footprint(home);
        Path data = Files.createTempDirectory("peercode-footprint");
        try {
            footprint.run(data);
        } finally {
            TemporaryStack.deleteTree(data);
        }
        Path results = home.resolve("benchmarks/target/footprint-results.md");
        Files.createDirectories(results.getParent());
        Files.writeString(results, footprint.out);
        System.out.println("\nWritten to " + results);
        System.exit(0);
    }

    private void run(Path data) throws Exception {
        int starts = Integer.parseInt(env("FOOTPRINT_STARTS", "2"));
        int sessions = Integer.parseInt(env("FOOTPRINT_SESSIONS", "64"));
        int loadSeconds = Integer.parseInt(env("FOOTPRINT_LOAD_SECONDS", "30"));
        line("## Footprint " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " CPUs, JDK "
                + Runtime.version() + ", load average " + Benchmark.loadAverage() + ")");
        line("");
        Map<String, String> ports = new LinkedHashMap<>();
        for (String name : List.of("GATEWAY", "PLANNER", "LOCK", "POSTGRES", "REDIS")) {
            ports.put("PEERCODE_" + name + "_PORT", Integer.toString(FreePorts.pick()));
        }
        for (int start = 1; start <= starts; start++) {
            ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("run-local.sh").toString())
                    .redirectErrorStream(true);
            builder.environment().putAll(ports);
            builder.environment().put("PEERCODE_DATA_DIR", data.toString());
            long began = System.nanoTime();
            Process launcher = builder.start();
            try {
                Duration ready = awaitBanner(launcher, began);
                line("### Start " + start + (start == 1 ? " (fresh data directory)" : "") + ": ready in "
                        + ready.toMillis() + " ms (process start → banner, all three services ready)");
                line("");
                Thread.sleep(SETTLE.toMillis());
                table("idle after start-up (" + SETTLE.toSeconds() + " s settled)", launcher.toHandle(), data);
                if (start == starts) {
                    String gateway = "http://localhost:" + ports.get("PEERCODE_GATEWAY_PORT");
                    double rate = lockLoad(gateway, sessions, Duration.ofSeconds(loadSeconds));
                    line("Lock load: %d sessions, acquire + release through the gateway (MCP), closed loop, %d s: %.0f calls/s"
                            .formatted(sessions, loadSeconds, rate));
                    line("");
                    Thread.sleep(SETTLE.toMillis());
                    table("idle after the lock load (" + SETTLE.toSeconds() + " s settled)", launcher.toHandle(), data);
                }
            } finally {
                launcher.destroy(); // SIGTERM: the launcher stops everything it started
                if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                    launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    launcher.destroyForcibly();
                }
            }
        }
    }

    /** Reads the launcher's output until its banner; fails if it exits first. */
    private static Duration awaitBanner(Process launcher, long began) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String lineRead;
        while ((lineRead = reader.readLine()) != null) {
            if (lineRead.contains("PeerCode is running")) {
                Duration ready = Duration.ofNanos(System.nanoTime() - began);
                Thread drain = new Thread(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // the launcher's later lines (stop messages) are not needed
                        }
                    } catch (IOException e) {
                        // the launcher stopped
                    }
                }, "launcher-output");
                drain.setDaemon(true);
                drain.start();
                return ready;
            }
            seen.add(lineRead);
        }
        throw new IllegalStateException("The launcher exited before it was ready:\n" + String.join("\n", seen));
    }

    /** One row per part of the stack: the launcher, each service, PostgreSQL (all processes), Redis. */
    private void table(String title, ProcessHandle launcher, Path data) {
        Map<String, long[]> parts = new LinkedHashMap<>();
        parts.put("launcher", memory(launcher.pid()));
        for (String part : List.of("planner-service", "lock-service", "gateway-mcp", "PostgreSQL", "Redis")) {
            parts.put(part, new long[3]);
        }
        // pg_ctl starts the postmaster as a daemon (its parent is init, not the launcher): found by its pid file.
        List<ProcessHandle> processes = new ArrayList<>(launcher.descendants().toList());
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
            ProcessHandle.of(postmaster).ifPresent(pm -> {
                processes.add(pm);
                pm.descendants().forEach(processes::add);
            });
        } catch (IOException | RuntimeException e) {
            // no embedded PostgreSQL (PEERCODE_DB_URL), or it is not running
        }
        processes.stream().distinct().forEach(process -> {
            // a service runs "-jar quarkus-run.jar" in its module's quarkus-app directory
            String command = String.join(" ", cmdline(process.pid()), workingDirectory(process.pid()));
            String part = command.contains("planner-service") ? "planner-service"
                    : command.contains("lock-service") ? "lock-service"
                            : command.contains("gateway-mcp") ? "gateway-mcp"
                                    : command.contains("redis-server") ? "Redis"
                                            : command.contains("postgres") ? "PostgreSQL" : null;
            if (part != null) {
                long[] sum = parts.get(part);
                long[] one = memory(process.pid());
                sum[0] += one[0];
                sum[1] += one[1];
                sum[2] += one[2];
            }
        });
        line("| " + title + " | processes | RSS MiB | PSS MiB |");
        line("|---|---:|---:|---:|");
        long rss = 0;
        long pss = 0;
        for (Map.Entry<String, long[]> part : parts.entrySet()) {
            long[] m = part.getValue();
            line("| %s | %d | %d | %d |".formatted(part.getKey(), m[2], m[0] / 1024, m[1] / 1024));
            rss += m[0];
            pss += m[1];
        }
        line("| **total** | | %d | **%d** |".formatted(rss / 1024, pss / 1024));
        line("");
    }

    /** kB of Rss and Pss of one process (smaps_rollup), and 1 for the process count; zeros once it is gone. */
    private static long[] memory(long pid) {
        long[] m = { 0, 0, 0 };
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                String[] f = l.trim().split("\\s+");
                if (f[0].equals("Rss:")) {
                    m[0] = Long.parseLong(f[1]);
                } else if (f[0].equals("Pss:")) {
                    m[1] = Long.parseLong(f[1]);
                }
            }
            m[2] = 1;
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
        return m;
    }

    private static String workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The benchmark's closed-loop lock scenario: each session acquires and releases its own path. */
    private double lockLoad(String gateway, int sessions, Duration length) throws Exception {
        HttpRequest create = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/projects?session=setup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"footprint\"}")).build();
        HttpResponse<String> created = http.send(create, HttpResponse.BodyHandlers.ofString());
        JsonNode project = McpClient.JSON.readTree(created.body()).path("id");
        if (!project.isTextual()) {
            throw new IllegalStateException("project not created: " + created.statusCode() + " " + created.body());
        }
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        CountDownLatch connected = new CountDownLatch(sessions);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Map<String, Object> args = Map.of("projectId", project.asText(), "sessionId", "s" + i, "paths",
                    List.of("bench/" + i + ".txt"));
            running.add(CompletableFuture.runAsync(() -> {
                McpClient mcp = McpClient.connect(http, gateway);
                connected.countDown();
                while (!stop.get()) {
                    ok(mcp.call("peercode_lock_file", args));
                    ok(mcp.call("peercode_release_lock", args));
                    if (measuring.get()) {
                        calls.addAndGet(2);
                    }
                }
            }, command -> new Thread(command, "footprint-session").start()));
        }
        connected.await(60, TimeUnit.SECONDS);
        Thread.sleep(3000); // warm-up, not counted
        measuring.set(true);
        long began = System.nanoTime();
        Thread.sleep(length.toMillis());
        long counted = calls.get();
        double seconds = (System.nanoTime() - began) / 1e9;
        stop.set(true);
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return counted / seconds;
    }

    private static void ok(JsonNode result) {
        if (result.path("isError").asBoolean(false)) {
            throw new IllegalStateException(result.path("content").path(0).path("text").asText());
        }
    }

    private void line(String text) {
        System.out.println(text);
        System.out.flush();
        out.append(text).append('\n');
    }

    private static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
    }
}
