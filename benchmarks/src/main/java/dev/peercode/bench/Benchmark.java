package dev.peercode.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.launcher.LaunchSettings;
import dev.peercode.launcher.LocalStack;
import dev.peercode.stores.FreePorts;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The load generator of issue 10. Starts the packaged stack with {@link LocalStack} on free ports
 * (PostgreSQL, Redis, planner, lock service, gateway), then measures, in one run:
 * <ul>
 * <li>start-up time and idle RSS of each service;</li>
 * <li>lock acquire + release at 1, 16, 64 and 256 concurrent sessions through the gateway (MCP
 * {@code tools/call}), straight on the lock service's REST API, and as the equivalent Redis
 * commands (two Lua scripts: {@code SET NX PX} + {@code INCR}, compare-and-{@code DEL});</li>
 * <li>{@code peercode_get_deltas} at random cursors on a project with 1,000,000 deltas;</li>
 * <li>{@code peercode_get_project} on a project with 500 tasks (latency and bytes).</li>
 * </ul>
 * Prints Markdown tables (and writes them to {@code benchmarks/target/benchmark-results.md}).
 * Settings: {@code BENCH_SECONDS} (measured seconds per scenario, default 10), {@code BENCH_WARMUP_SECONDS}
 * (default 3), {@code BENCH_SESSIONS} (default {@code 1,16,64,256}), {@code BENCH_DELTAS} (default 1000000),
 * {@code BENCH_JFR} (a directory: record each service with Java Flight Recorder during every measured window).
 */
public final class Benchmark {

    private static final String GATEWAY = "gateway-mcp";
    private static final String PLANNER = "planner-service";
    private static final String LOCK = "lock-service";

    private final LocalStack stack;
    private final HttpClient http = McpClient.newHttp();
    private final Backends rest;
    private final String gateway;
    private final Duration warmup = Duration.ofSeconds(intEnv("BENCH_WARMUP_SECONDS", 3));
    private final Duration measure = Duration.ofSeconds(intEnv("BENCH_SECONDS", 10));
    private final StringBuilder out = new StringBuilder();
    private final Profiles profiles;

    private Benchmark(LocalStack stack, Path home) {
        this.stack = stack;
        this.gateway = stack.gatewayUrl();
        this.rest = new Backends(http, Optional.ofNullable(stack.storeEnvironment().get("PEERCODE_INTERNAL_TOKEN")));
        this.profiles = Profiles.from(System.getenv("BENCH_JFR"), home,
                Map.of(GATEWAY, () -> stack.serviceProcess(GATEWAY).pid(), LOCK,
                        () -> stack.serviceProcess(LOCK).pid(), PLANNER, () -> stack.serviceProcess(PLANNER).pid()));
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("peercode-bench");
        Path home = Path.of(Optional.ofNullable(System.getenv("PEERCODE_HOME")).orElse(".")).toAbsolutePath().normalize();
        LaunchSettings settings = new LaunchSettings(home, data, FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), FreePorts.pick(), Optional.empty(), Optional.empty());
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        try (LocalStack stack = LocalStack.start(settings)) {
            // Ctrl-C (or a kill) must not leave the services and stores running.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stack-stop"));
            Benchmark bench = new Benchmark(stack, home);
            bench.header(started, loadBefore);
            bench.startupAndRss();
            bench.locks();
            bench.deltas();
            bench.project();
            bench.rssAfterLoad();
            bench.line("");
            bench.line("Load average at the end: " + loadAverage() + "; run took "
                    + Duration.between(started, Instant.now()).toSeconds() + " s.");
            Path results = home.resolve("benchmarks/target/benchmark-results.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, bench.out);
            System.out.println("\nWritten to " + results);
        } finally {
            deleteTree(data); // the 1,000,000-delta cluster is ≈ 0.7 GB
        }
        System.exit(0);
    }

    // --- Report ---

    private void header(Instant started, String load) {
        line("## Run " + started);
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memTotal() + " memory; load average "
                + load + " before start");
        line("- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " (services: same JDK, -Xmx384m)");
        line("- warm-up " + warmup.toSeconds() + " s, measured " + measure.toSeconds() + " s per scenario");
        line("");
    }

    private void line(String text) {
        System.out.println(text);
        System.out.flush();
        out.append(text).append('\n');
    }

    // --- Start-up and RSS ---

    private void startupAndRss() throws InterruptedException {
        line("### Start-up (each service restarted alone, process start → /q/health/ready 200) and idle RSS");
        line("");
        line("| service | start-up (first start, all together) | start-up (alone) | idle RSS after 5 s |");
        line("|---|---:|---:|---:|");
        // The gateway last: its readiness needs the other two.
        for (String service : List.of(PLANNER, LOCK, GATEWAY)) {
            Duration together = stack.serviceReadyAfter(service);
            stack.stopService(service);
            Duration alone = stack.startService(service);
            Thread.sleep(5000); // settle: JIT and lazy initialisation finish, then measure the resident set
            line("| %s | %d ms | %d ms | %s |".formatted(service, together.toMillis(), alone.toMillis(),
                    rss(stack.serviceProcess(service).pid())));
        }
        line("");
    }

    private void rssAfterLoad() {
        line("### RSS after the load (VmRSS / VmHWM)");
        line("");
        line("| service | RSS | peak |");
        line("|---|---:|---:|");
        for (String service : List.of(PLANNER, LOCK, GATEWAY)) {
            long pid = stack.serviceProcess(service).pid();
            line("| %s | %s | %s |".formatted(service, rss(pid), status(pid, "VmHWM")));
        }
    }

    // --- Locks ---

    /** One simulated session: makes one iteration, recording each call's latency. */
    @FunctionalInterface
    interface Session {
        void iterate(Recorder recorder) throws Exception;
    }

    @FunctionalInterface
    interface SessionFactory {
        Session open(int index) throws Exception;
    }

    private void locks() throws Exception {
        List<Integer> sessionCounts = List.of(Optional.ofNullable(System.getenv("BENCH_SESSIONS")).orElse("1,16,64,256")
                .split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
        line("### Lock acquire + release (one path per session, each its own path; latency per call)");
        line("");
        tableHeader();
        String lockUrl = stack.serviceUrl(LOCK);
        Map<String, String> env = stack.storeEnvironment();
        java.net.URI redisUri = java.net.URI.create(env.get("PEERCODE_REDIS_URL"));
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(300);
        poolConfig.setMaxIdle(300);
        List<Result> results = new ArrayList<>();
        try (JedisPool pool = new JedisPool(poolConfig, redisUri.getHost(), redisUri.getPort())) {
            String acquire;
            String release;
            try (Jedis jedis = pool.getResource()) {
                acquire = jedis.scriptLoad("if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
                        + "return redis.call('INCR', KEYS[2]) else return 0 end");
                release = jedis.scriptLoad("if redis.call('GET', KEYS[1]) == ARGV[1] then "
                        + "return redis.call('DEL', KEYS[1]) else return 0 end");
            }
            // The services were just restarted (start-up figures): warm the JIT on the measured paths
            // once, unrecorded, so the single-session figures are not compile time.
            String warmProject = createProject("bench-warmup");
            run("warm-up", 16, i -> {
                McpClient mcp = McpClient.connect(http, gateway);
                Map<String, Object> args = Map.of("projectId", warmProject, "sessionId", "w" + i, "paths",
                        List.of("warm/" + i + ".txt"));
                return recorder -> {
                    recorder.time(() -> requireOk(mcp.call("peercode_lock_file", args)));
                    recorder.time(() -> requireOk(mcp.call("peercode_release_lock", args)));
                };
            }, false);
            for (int sessions : sessionCounts) {
                String project = createProject("bench-locks-" + sessions);
                results.add(run("gateway (MCP)", sessions, i -> {
                    McpClient mcp = McpClient.connect(http, gateway);
                    Map<String, Object> args = Map.of("projectId", project, "sessionId", "s" + i,
                            "paths", List.of("bench/" + i + ".txt"));
                    return recorder -> {
                        recorder.time(() -> requireOk(mcp.call("peercode_lock_file", args)));
                        recorder.time(() -> requireOk(mcp.call("peercode_release_lock", args)));
                    };
                }));
                String lockProject = "proj_" + randomId();
                results.add(run("lock-service (REST)", sessions, i -> {
                    Map<String, Object> body = Map.of("session", "s" + i, "paths", List.of("bench/" + i + ".txt"));
                    String base = lockUrl + "/v1/projects/" + lockProject + "/locks";
                    return recorder -> {
                        recorder.time(() -> rest.post(base, body, true).ok());
                        recorder.time(() -> rest.post(base + "/release", body, true).ok());
                    };
                }));
                String redisProject = "proj_" + randomId();
                results.add(run("Redis (2 Lua scripts)", sessions, i -> {
                    List<String> acquireKeys = List.of("bench:" + redisProject + ":lock:bench/" + i + ".txt",
                            "bench:" + redisProject + ":fence");
                    List<String> acquireArgs = List.of("s" + i, "900000");
                    List<String> releaseKeys = acquireKeys.subList(0, 1);
                    List<String> releaseArgs = List.of("s" + i);
                    return recorder -> {
                        try (Jedis jedis = pool.getResource()) {
                            recorder.time(() -> {
                                if (((Long) jedis.evalsha(acquire, acquireKeys, acquireArgs)) == 0L) {
                                    throw new IllegalStateException("not acquired");
                                }
                            });
                            recorder.time(() -> jedis.evalsha(release, releaseKeys, releaseArgs));
                        }
                    };
                }));
            }
        }
        drainEvents(redisUri);
        line("");
        line("Ratios of p50 / p99 / throughput (gateway ÷ lock-service, lock-service ÷ Redis):");
        line("");
        line("| sessions | gateway/lock p50 | gateway/lock p99 | lock/Redis p50 | lock/Redis p99 | throughput gateway : lock : Redis |");
        line("|---:|---:|---:|---:|---:|---|");
        for (int i = 0; i + 2 < results.size(); i += 3) {
            Result g = results.get(i);
            Result l = results.get(i + 1);
            Result r = results.get(i + 2);
            line("| %d | %.1f× | %.1f× | %.1f× | %.1f× | %.0f : %.0f : %.0f |".formatted(g.sessions,
                    g.p(50) / l.p(50), g.p(99) / l.p(99), l.p(50) / r.p(50), l.p(99) / r.p(99), g.rate(), l.rate(),
                    r.rate()));
        }
        line("");
    }

    /**
     * Every lock call above wrote one event to the Redis stream {@code peercode:events}; the planner
     * appends each to the delta log. Waits (at most 150 s) until its consumer group has read and
     * acknowledged all of them, so the next scenarios do not share the planner with that backlog, and
     * reports how long it took.
     */
    private void drainEvents(java.net.URI redisUri) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(150).toNanos();
        String state = "n/a";
        try (Jedis jedis = new Jedis(redisUri.getHost(), redisUri.getPort())) {
            while (System.nanoTime() < deadline) {
                var stream = jedis.xinfoStream("peercode:events");
                var groups = jedis.xinfoGroup("peercode:events");
                boolean drained = !groups.isEmpty() && groups.stream().allMatch(g -> g.getPending() == 0
                        && g.getLastDeliveredId().equals(stream.getLastGeneratedId()));
                state = "stream length " + stream.getLength() + ", groups " + groups.stream()
                        .map(g -> g.getName() + " last delivered " + g.getLastDeliveredId() + " pending " + g.getPending())
                        .toList() + ", last id " + stream.getLastGeneratedId();
                if (drained) {
                    line("");
                    line("Lock events: the planner's stream consumer had read and acknowledged every event %.1f s after the last lock scenario (%s)."
                            .formatted((System.nanoTime() - start) / 1e9, state));
                    return;
                }
                Thread.sleep(500); // poll interval; the condition is the group's position
            }
        } catch (RuntimeException e) {
            state = "could not read the stream: " + e.getMessage();
        }
        line("");
        line("Lock events: the planner's stream consumer had NOT caught up 150 s after the last lock scenario (" + state
                + ").");
    }

    private static void requireOk(JsonNode result) {
        if (result.path("isError").asBoolean(false)) {
            throw new IllegalStateException(result.path("content").path(0).path("text").asText());
        }
    }

    /** A per-thread latency recorder that records only in the measured phase. */
    static final class Recorder {
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        long errors;
        volatile boolean measuring;
        String firstError;

        interface Call {
            void run() throws Exception;
        }

        void time(Call call) {
            long start = System.nanoTime();
            try {
                call.run();
            } catch (Exception e) {
                if (measuring) {
                    errors++;
                    if (firstError == null) {
                        firstError = String.valueOf(e.getMessage());
                    }
                }
                return;
            } finally {
                if (measuring) {
                    histogram.recordValue((System.nanoTime() - start) / 1000);
                }
            }
        }
    }

    record Result(String layer, int sessions, Histogram histogram, long errors, double seconds) {
        double p(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        double rate() {
            return histogram.getTotalCount() / seconds;
        }
    }

    /** Opens the sessions, warms up, measures for the fixed duration, and prints one table row. */
    private Result run(String layer, int sessions, SessionFactory factory) throws Exception {
        return run(layer, sessions, factory, true);
    }

    private Result run(String layer, int sessions, SessionFactory factory, boolean print) throws Exception {
        List<Session> opened = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            opened.add(factory.open(i));
        }
        List<Recorder> recorders = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(sessions);
        AtomicLong failures = new AtomicLong();
        long[] deadline = { Long.MAX_VALUE };
        List<Thread> threads = new ArrayList<>();
        for (Session session : opened) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            Thread thread = new Thread(() -> {
                ready.countDown();
                while (System.nanoTime() < deadline[0]) {
                    try {
                        session.iterate(recorder);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, "load-" + layer);
            threads.add(thread);
        }
        // Started before the load (jcmd takes a moment), so it covers warm-up and window; dumped after the CPU figures.
        String recording = print ? profiles.start(layer + "-" + sessions) : null;
        deadline[0] = System.nanoTime() + warmup.toNanos() + measure.toNanos(); // published by Thread.start
        long measureFrom = System.nanoTime() + warmup.toNanos();
        threads.forEach(Thread::start);
        ready.await();
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long measuredStart = System.nanoTime();
        long gatewayCpu = cpuMillis(GATEWAY);
        long lockCpu = cpuMillis(LOCK);
        long plannerCpu = cpuMillis(PLANNER);
        recorders.forEach(r -> r.measuring = true);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        gatewayCpu = cpuMillis(GATEWAY) - gatewayCpu;
        lockCpu = cpuMillis(LOCK) - lockCpu;
        plannerCpu = cpuMillis(PLANNER) - plannerCpu;
        profiles.stop(recording);
        Histogram total = new Histogram(3_600_000_000L, 3);
        long errors = failures.get();
        String firstError = null;
        for (Recorder r : recorders) {
            total.add(r.histogram);
            errors += r.errors;
            firstError = firstError == null ? r.firstError : firstError;
        }
        Result result = new Result(layer, sessions, total, errors, seconds);
        // Warm-up stragglers may still finish a call after the deadline: CPU is over the measured window.
        double calls = Math.max(1, total.getTotalCount());
        if (print) {
            line("| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |".formatted(layer, sessions,
                    total.getTotalCount(), errors, result.rate(), result.p(50), result.p(90), result.p(99),
                    total.getMaxValue() / 1000.0, gatewayCpu / calls, lockCpu / calls, plannerCpu / calls));
        }
        if (firstError != null) {
            System.err.println("  first error (" + layer + ", " + sessions + "): " + firstError);
        }
        return result;
    }

    // --- Deltas ---

    private void deltas() throws Exception {
        int count = intEnv("BENCH_DELTAS", 1_000_000);
        String project = createProject("bench-deltas");
        Map<String, String> env = stack.storeEnvironment();
        long t0 = System.nanoTime();
        try (Connection db = DriverManager.getConnection(env.get("PEERCODE_DB_URL"), env.get("PEERCODE_DB_USER"),
                env.get("PEERCODE_DB_PASSWORD"))) {
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO delta (project_id, seq, type, actor, at, summary, data, task_ids, paths)
                    SELECT p.id, p.last_seq + g, 'note', 'loader', now(), 'bench delta number ' || g,
                           jsonb_build_object('n', g), '[]'::jsonb, jsonb_build_array('src/file' || (g % 500) || '.ts')
                    FROM project p, generate_series(1, ?) g WHERE p.id = ?""");
                    PreparedStatement last = db.prepareStatement("UPDATE project SET last_seq = last_seq + ? WHERE id = ?")) {
                // One transaction, after the project's own first deltas (its creation is one).
                db.setAutoCommit(false);
                insert.setInt(1, count);
                insert.setString(2, project);
                insert.executeUpdate();
                last.setLong(1, count);
                last.setString(2, project);
                last.executeUpdate();
                db.commit();
                db.setAutoCommit(true);
            }
            try (Statement analyze = db.createStatement()) {
                analyze.execute("ANALYZE delta");
            }
            line("### `peercode_get_deltas` after a random cursor on a project with %,d deltas (bulk SQL insert took %d s)"
                    .formatted(count, (System.nanoTime() - t0) / 1_000_000_000L));
            line("");
            explainRead(db, project, count);
        } catch (SQLException e) {
            throw new IllegalStateException("Bulk insert of deltas failed", e);
        }
        tableHeader();
        toolScenario("get_deltas limit 50", "peercode_get_deltas",
                i -> Map.of("projectId", project, "sessionId", "reader" + i, "after",
                        ThreadLocalRandom.current().nextLong(count - 50)),
                r -> {
                    if (r.path("structuredContent").path("deltas").size() != 50) {
                        throw new IllegalStateException("expected 50 deltas: " + r);
                    }
                });
    }

    /** The plan PostgreSQL chooses for the planner's page query (DeltaReader) at a cursor in the middle. */
    private void explainRead(Connection db, String project, int count) throws SQLException {
        try (PreparedStatement explain = db.prepareStatement("""
                EXPLAIN (ANALYZE, BUFFERS)
                select seq, type, actor, at, summary, data::text, task_ids::text, paths::text from delta
                where project_id = ? and seq > ? and seq <= ? and (actor is null or actor <> ?) order by seq limit 51""")) {
            explain.setString(1, project);
            explain.setLong(2, count / 2);
            explain.setLong(3, count + 1L);
            explain.setString(4, "reader0");
            line("Query plan of one page (`EXPLAIN (ANALYZE, BUFFERS)`, cursor at %,d):".formatted(count / 2));
            line("");
            line("```");
            try (var plan = explain.executeQuery()) {
                while (plan.next()) {
                    line(plan.getString(1));
                }
            }
            line("```");
            line("");
        }
    }

    // --- Project state ---

    private void project() throws Exception {
        String project = createProject("bench-project");
        String phase = rest.post(gateway + "/api/v1/projects/" + project + "/phases?session=setup",
                Map.of("name", "Build"), false).ok().json().path("id").asText();
        long t0 = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            rest.post(gateway + "/api/v1/projects/" + project + "/tasks?session=setup",
                    Map.of("phaseId", phase, "title", "Task number " + i + " of the benchmark project",
                            "description", "Implement part " + i + " and its tests.",
                            "expectedFiles", List.of("src/module" + (i % 50) + "/file" + i + ".ts")),
                    false).ok();
        }
        line("### `peercode_get_project` on a project with 500 open tasks (created through REST `/api/v1/projects/{p}/tasks` in %d s)"
                .formatted((System.nanoTime() - t0) / 1_000_000_000L));
        line("");
        tableHeader();
        toolScenario("get_project", "peercode_get_project", i -> Map.of("projectId", project, "sessionId", "agent" + i),
                r -> {
                });
    }

    /** One tool at 1 and 16 sessions: latency table rows, then the mean answer size. */
    private void toolScenario(String label, String tool, IntFunction<Map<String, Object>> arguments,
            Consumer<JsonNode> check) throws Exception {
        AtomicLong bytes = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        // 16 first: its warm-up and run also warm the JIT for the single-session figures.
        for (int sessions : List.of(16, 1)) {
            run(label, sessions, i -> {
                McpClient mcp = McpClient.connect(http, gateway);
                return recorder -> {
                    Map<String, Object> args = arguments.apply(i);
                    recorder.time(() -> {
                        JsonNode r = mcp.call(tool, args);
                        requireOk(r);
                        check.accept(r);
                    });
                    bytes.addAndGet(McpClient.lastBytes());
                    calls.incrementAndGet();
                };
            });
        }
        line("");
        line("Mean answer: %,d bytes (the JSON-RPC body: the result as text content and as structuredContent)."
                .formatted(bytes.get() / Math.max(1, calls.get())));
        line("");
    }

    private void tableHeader() {
        line("| layer | sessions | calls | errors | calls/s | p50 ms | p90 ms | p99 ms | max ms | CPU ms/call: gateway | lock-service | planner |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    // --- Helpers ---

    private String createProject(String name) {
        return rest.post(gateway + "/api/v1/projects?session=setup", Map.of("name", name), false).ok().json().path("id")
                .asText();
    }

    static void deleteTree(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** User + system CPU time of a service process so far (Linux; 0 elsewhere). */
    private long cpuMillis(String service) {
        try {
            String stat = Files.readString(Path.of("/proc/" + stack.serviceProcess(service).pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5)), in clock ticks of 10 ms.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String rss(long pid) {
        return status(pid, "VmRSS");
    }

    private static String status(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return "n/a";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " "
                    + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[1] + " "
                    + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "n/a";
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
