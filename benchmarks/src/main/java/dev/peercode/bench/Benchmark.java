package dev.peercode.bench;

import java.io.IOException;
import java.net.URI;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.launcher.GatewayAuth;
import dev.peercode.launcher.LaunchSettings;
import dev.peercode.launcher.LocalStack;
import dev.peercode.launcher.TemporaryStack;
import dev.peercode.stores.FreePorts;
import dev.peercode.testissuer.TestIssuer;
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
 * commands (two Lua scripts: {@code SET NX PX} + {@code INCR}, compare-and-{@code DEL}), each session
 * in a closed loop (capacity);</li>
 * <li>the same through the gateway and the lock service at a fixed call rate per session (open loop:
 * the latency an agent sees on a server with room);</li>
 * <li>{@code peercode_get_deltas} at random cursors on a project with 1,000,000 deltas;</li>
 * <li>{@code peercode_get_project} on a project with 500 tasks (latency and bytes);</li>
 * <li>1,000 waiting {@code get_deltas} on one gateway, MCP and REST, woken by one pushed delta ({@link Waiters}).</li>
 * </ul>
 * Prints Markdown tables (and writes them to {@code benchmarks/target/benchmark-results.md}).
 * Every row says where each call's CPU went, per process ({@link CpuMeter}). Settings (environment, all
 * described in {@code benchmarks/README.md}): {@code BENCH_SCENARIOS}, {@code BENCH_SECONDS},
 * {@code BENCH_WARMUP_SECONDS}, {@code BENCH_JIT_WARMUP_MIN_SECONDS}, {@code BENCH_JIT_WARMUP_SECONDS},
 * {@code BENCH_WARMUP_ROUND_SECONDS},
 * {@code BENCH_SESSIONS}, {@code BENCH_PACED_SESSIONS}, {@code BENCH_PACED_RATES}, {@code BENCH_DELTAS},
 * {@code BENCH_JFR}.
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
    private final CpuMeter cpu;
    /**
     * The gateway process the "gateway" CPU column and {@code BENCH_JFR} follow: the stack's own, or the
     * authentication-on replica during its rows.
     */
    private volatile String measuredGateway = GATEWAY;
    private final List<String> scenarios = csvEnv("BENCH_SCENARIOS", "startup,locks,paced,auth,deltas,project,waiters");

    private Benchmark(LocalStack stack, LaunchSettings settings, Path home) {
        this.stack = stack;
        this.gateway = stack.gatewayUrl();
        this.rest = new Backends(http, Optional.ofNullable(stack.storeEnvironment().get("PEERCODE_INTERNAL_TOKEN")));
        // Ordered as the table's CPU columns.
        Map<String, LongSupplier> services = new LinkedHashMap<>();
        services.put(GATEWAY, () -> stack.serviceProcess(measuredGateway).pid());
        services.put(LOCK, () -> stack.serviceProcess(LOCK).pid());
        services.put(PLANNER, () -> stack.serviceProcess(PLANNER).pid());
        this.profiles = Profiles.from(System.getenv("BENCH_JFR"), home, services);
        this.cpu = new CpuMeter(services, settings.postgresPort(), settings.redisPort());
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(Optional.ofNullable(System.getenv("PEERCODE_HOME")).orElse(".")).toAbsolutePath().normalize();
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        // Closing deletes the data directory: the 1,000,000-delta cluster is ≈ 0.7 GB. Ctrl-C (or a
        // kill) stops the services and stores too, through the stack's shutdown hook.
        try (TemporaryStack temporary = TemporaryStack.start(home, "bench", GatewayAuth.LOCAL_MODE)) {
            LocalStack stack = temporary.stack();
            Benchmark bench = new Benchmark(stack, temporary.settings(), home);
            bench.header(started, loadBefore);
            if (bench.scenarios.contains("startup")) {
                bench.startupAndRss();
            }
            bench.warmUp();
            if (bench.scenarios.contains("locks")) {
                bench.locks();
            }
            if (bench.scenarios.contains("paced")) {
                bench.pacedLocks();
            }
            if (bench.scenarios.contains("auth")) {
                bench.authenticationOn();
            }
            if (bench.scenarios.contains("deltas")) {
                bench.deltas();
            }
            if (bench.scenarios.contains("project")) {
                bench.project();
            }
            if (bench.scenarios.contains("waiters")) {
                bench.waiters();
            }
            bench.rssAfterLoad();
            bench.line("");
            bench.line("Load average at the end: " + loadAverage() + "; run took "
                    + Duration.between(started, Instant.now()).toSeconds() + " s.");
            Path results = home.resolve("benchmarks/target/benchmark-results.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, bench.out);
            System.out.println("\nWritten to " + results);
        }
        System.exit(0);
    }

    // --- Report ---

    private void header(Instant started, String load) {
        line("## Run " + started);
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memTotal() + " memory; load average "
                + load + " before start");
        line("- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (services: same JDK, the launcher's JVM options, launcher/README.md)");
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

    /**
     * The services were just restarted (start-up figures) or freshly started: runs the lock and read
     * paths unrecorded, in rounds of {@code BENCH_WARMUP_ROUND_SECONDS} (default 5) at 16 sessions, for at
     * least {@code BENCH_JIT_WARMUP_MIN_SECONDS} (default 60) and then until two rounds in a row serve within
     * 10 % of each other, at most {@code BENCH_JIT_WARMUP_SECONDS} (default 150). Measured: after a fixed
     * 15 s the first scenario still ran at a third of the same scenario's rate a minute later, and rates
     * can sit on a plateau for a few rounds while the JIT compiles (121, 261, 304, 295, … then 550). The
     * rounds' rates are printed, so a report shows how warm it was.
     */
    private void warmUp() throws Exception {
        String project = createProject("bench-warmup");
        long start = System.nanoTime();
        long atLeast = start + Duration.ofSeconds(intEnv("BENCH_JIT_WARMUP_MIN_SECONDS", 60)).toNanos();
        long until = start + Duration.ofSeconds(intEnv("BENCH_JIT_WARMUP_SECONDS", 150)).toNanos();
        Duration round = Duration.ofSeconds(intEnv("BENCH_WARMUP_ROUND_SECONDS", 5));
        List<String> rates = new ArrayList<>();
        double previous = 0;
        while (System.nanoTime() < until) {
            double rate = run("warm-up", 16, i -> {
                McpClient mcp = McpClient.connect(http, gateway);
                Map<String, Object> args = Map.of("projectId", project, "sessionId", "w" + i, "paths",
                        List.of("warm/" + i + ".txt"));
                return recorder -> {
                    recorder.time(() -> requireOk(mcp.call("peercode_lock_file", args)));
                    recorder.time(() -> requireOk(mcp.call("peercode_release_lock", args)));
                    recorder.time(() -> requireOk(mcp.call("peercode_get_deltas", Map.of("projectId", project,
                            "sessionId", "w" + i, "after", 0))));
                };
            }, Pace.CLOSED_LOOP, round, false).rate();
            rates.add("%.0f".formatted(rate));
            if (System.nanoTime() >= atLeast && previous > 0 && Math.abs(rate - previous) <= 0.1 * previous) {
                break;
            }
            previous = rate;
        }
        line("JIT warm-up (16 sessions, lock + release + get_deltas, unrecorded): calls/s per %d s round: %s"
                .formatted(round.toSeconds(), String.join(", ", rates)));
        line("");
        // The planner appends the warm-up's lock events to the delta log; measuring while it still does
        // would charge that backlog to the first scenario.
        drainEvents(false);
    }

    private void locks() throws Exception {
        line("### Lock acquire + release, closed loop (one path per session, each its own path; latency per call)");
        line("");
        line("Every session sends its next call as soon as the previous answer arrived: the rows measure capacity,");
        line("and their latency is sessions ÷ throughput (Little's law), not the latency of a call on a server with room.");
        line("");
        tableHeader();
        List<Result> results = new ArrayList<>();
        try (LockLayers layers = new LockLayers()) {
            for (int sessions : intsEnv("BENCH_SESSIONS", "1,16,64,256")) {
                results.add(run("gateway (MCP)", sessions, layers.gateway(createProject("bench-locks-" + sessions))));
                results.add(run("lock-service (REST)", sessions, layers.lockService()));
                results.add(run("Redis (2 Lua scripts)", sessions, layers.redis()));
            }
        }
        drainEvents();
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
     * Latency as an agent sees it: {@code BENCH_PACED_SESSIONS} (default 16) sessions, each sending one call
     * every 1/rate seconds on a fixed schedule (open loop) at each of {@code BENCH_PACED_RATES} calls/s per
     * session (default 5, 25, 50; an agent makes about one tool call a second). A call's latency is counted
     * from when it was due, not from when it was sent, so a stall shows in the figures of every call it
     * delayed (no coordinated omission).
     */
    private void pacedLocks() throws Exception {
        int sessions = intEnv("BENCH_PACED_SESSIONS", 16);
        line("### Lock acquire + release at a fixed call rate per session (open loop, %d sessions)".formatted(sessions));
        line("");
        line("Latency counted from when each call was due. The offered load is sessions × rate; calls/s is what was served.");
        line("");
        tableHeader();
        try (LockLayers layers = new LockLayers()) {
            for (int rate : intsEnv("BENCH_PACED_RATES", "5,25,50")) {
                Pace pace = Pace.perSecond(rate);
                String project = createProject("bench-paced-" + rate);
                run("gateway (MCP), %d calls/s each".formatted(rate), sessions, layers.gateway(project), pace, measure, true);
                run("lock-service (REST), %d calls/s each".formatted(rate), sessions, layers.lockService(), pace, measure,
                        true);
            }
        }
        drainEvents();
        line("");
    }

    /**
     * The lock scenario as deployed (issue 19 #2; issue 18's execution model): a second gateway on the same backends
     * with authentication on, agents calling with PeerCode agent tokens and people with OIDC access tokens signed by
     * a local issuer in this JVM, beside the local-mode gateway and raw Redis in the same run. Rate limiting is off
     * on that replica: it measures what authentication costs, not the limiter.
     */
    private void authenticationOn() throws Exception {
        line("### Authentication on: lock acquire + release, closed loop (agent tokens, OIDC access tokens)");
        line("");
        line("A second gateway on the same planner, lock service and Redis, with authentication on (OIDC issuer in the");
        line("benchmark's JVM); each session is its own member calling with its own token; rate limit off on it. It is");
        line("warmed up first like the first gateway. In its rows the gateway CPU column (and BENCH_JFR) is this replica's.");
        line("");
        tableHeader();
        List<Result[]> rows = new ArrayList<>();
        List<String> perCall = new ArrayList<>();
        try (TestIssuer issuer = TestIssuer.start(); LockLayers layers = new LockLayers()) {
            int port = FreePorts.pick();
            String secured = stack.startGatewayReplica(port, GatewayAuth.oidc(issuer.gatewayEnvironment()),
                    Map.of("PEERCODE_GATEWAY_RATE_LIMIT_ENABLED", "false"));
            String replica = GATEWAY + "-" + port;
            // The new replica's JIT has seen nothing yet: the same unrecorded load as the first gateway's warm-up,
            // agent tokens and access tokens in turn.
            int warmSessions = 16;
            String warmProject = authProject(secured, issuer, "bench-auth-warm-up");
            List<String> warmTokens = agentTokens(secured, issuer, warmProject, warmSessions);
            Duration warm = Duration.ofSeconds(intEnv("BENCH_AUTH_WARMUP_SECONDS", 60));
            for (int round = 0; round < 2; round++) {
                run("warm-up, agent tokens", warmSessions, layers.gateway(secured, warmProject, warmTokens::get),
                        Pace.CLOSED_LOOP, warm.dividedBy(4), false);
                run("warm-up, access tokens", warmSessions,
                        layers.gateway(secured, warmProject, i -> issuer.accessToken("bench-member-" + i)),
                        Pace.CLOSED_LOOP, warm.dividedBy(4), false);
            }
            int rounds = intEnv("BENCH_AUTH_ROUNDS", 1);
            for (int sessions : intsEnv("BENCH_AUTH_SESSIONS", "1,64")) {
                String project = authProject(secured, issuer, "bench-auth-" + sessions);
                List<String> agentTokens = agentTokens(secured, issuer, project, sessions);
                String localProject = createProject("bench-auth-local-" + sessions);
                Map<String, SessionFactory> modes = new LinkedHashMap<>();
                modes.put("gateway, local mode", layers.gateway(localProject));
                modes.put("gateway, agent tokens", layers.gateway(secured, project, agentTokens::get));
                // Minted as each session opens: the issuer's access tokens live five minutes.
                modes.put("gateway, OIDC access tokens",
                        layers.gateway(secured, project, i -> issuer.accessToken("bench-member-" + i)));
                Map<String, Result> pooled = new LinkedHashMap<>();
                Map<String, Map<String, Double>> requests = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    List<String> order = new ArrayList<>(modes.keySet());
                    if (round % 2 == 1) {
                        // ABC, then CBA: a drift of the machine's load over the run weighs on every mode alike
                        java.util.Collections.reverse(order);
                    }
                    for (String mode : order) {
                        boolean onReplica = !mode.endsWith("local mode");
                        measuredGateway = onReplica ? replica : GATEWAY;
                        Map<String, Double> before = onReplica ? backendRequests(secured) : Map.of();
                        Result result = run(mode, sessions, modes.get(mode));
                        if (onReplica) {
                            Map<String, Double> after = backendRequests(secured);
                            after.forEach((route, count) -> requests.computeIfAbsent(mode, m -> new java.util.TreeMap<>())
                                    .merge(route, count - before.getOrDefault(route, 0.0), Double::sum));
                        }
                        pooled.merge(mode, result, Result::plus);
                    }
                    measuredGateway = GATEWAY;
                }
                Result redis = run("Redis (2 Lua scripts)", sessions, layers.redis());
                rows.add(new Result[] { pooled.get("gateway, local mode"), pooled.get("gateway, agent tokens"),
                        pooled.get("gateway, OIDC access tokens"), redis });
                requests.forEach((mode, counts) -> perCall.add("%d sessions, %s: %s".formatted(sessions,
                        mode.substring("gateway, ".length()), perCall(counts))));
            }
        } finally {
            measuredGateway = GATEWAY;
        }
        drainEvents();
        line("");
        line("Requests per MCP call of the authentication-on replica, warm-up included (Micrometer HTTP server counts of "
                + "the replica, the planner and the lock service):");
        line("");
        perCall.forEach(l -> line("- " + l));
        line("");
        line("Authentication on against local mode, and the deployed path against the raw Redis round trip (with "
                + "BENCH_AUTH_ROUNDS > 1: the rounds' windows pooled per mode):");
        line("");
        line("| sessions | agent tokens ÷ local, throughput | OIDC ÷ local, throughput | p50 agent − local | p50 OIDC − local | agent p50 ÷ Redis p50 |");
        line("|---:|---:|---:|---:|---:|---:|");
        for (Result[] r : rows) {
            line("| %d | %.0f %% | %.0f %% | %+.2f ms | %+.2f ms | %.1f× |".formatted(r[0].sessions,
                    100 * r[1].rate() / r[0].rate(), 100 * r[2].rate() / r[0].rate(), r[1].p(50) - r[0].p(50),
                    r[2].p(50) - r[0].p(50), r[1].p(50) / r[3].p(50)));
        }
        line("");
    }

    /**
     * Requests answered so far by the gateway at {@code url} (key {@code gateway}), the planner and the lock service, per
     * route.
     */
    private Map<String, Double> backendRequests(String url) {
        Map<String, Double> counts = new java.util.TreeMap<>();
        Map.of("gateway", url, "planner", stack.plannerUrl(), "lock", stack.lockUrl()).forEach((name, base) -> {
            for (String metric : rest.get(base + "/q/metrics", false).body().lines().toList()) {
                if (metric.startsWith("http_server_requests_seconds_count{")) {
                    String method = label(metric, "method");
                    String uri = label(metric, "uri");
                    counts.merge(name + " " + method + " " + uri,
                            Double.parseDouble(metric.substring(metric.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        });
        return counts;
    }

    private static String label(String metric, String name) {
        int at = metric.indexOf(name + "=\"");
        return at < 0 ? "?" : metric.substring(at + name.length() + 2, metric.indexOf('"', at + name.length() + 2));
    }

    /** Each route's requests of {@code counts}, per request to the gateway's {@code POST /mcp}. */
    private static String perCall(Map<String, Double> counts) {
        double calls = counts.getOrDefault("gateway POST /mcp", 0.0);
        StringBuilder text = new StringBuilder("%.0f MCP calls".formatted(calls));
        counts.forEach((route, count) -> {
            double each = count / Math.max(1, calls);
            if (!route.startsWith("gateway ") && each >= 0.0005) {
                text.append("; %s %.3f".formatted(route, each));
            }
        });
        return text.toString();
    }

    /** A project owned by {@code bench-owner}, created through the gateway at {@code url} with an access token. */
    private String authProject(String url, TestIssuer issuer, String name) {
        return rest.postAs(url + "/api/v1/projects?session=setup", Map.of("name", name),
                issuer.accessToken("bench-owner")).ok().json().path("id").asText();
    }

    /** Members {@code bench-member-0…n-1} of the project, each with an agent token: the tokens, in order. */
    private List<String> agentTokens(String url, TestIssuer issuer, String project, int members) {
        String owner = issuer.accessToken("bench-owner");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String member = "bench-member-" + i;
            rest.postAs(url + "/api/v1/projects/" + project + "/members", Map.of("subject", member, "role", "member"),
                    owner).ok();
            tokens.add(rest.postAs(url + "/api/v1/projects/" + project + "/tokens",
                    Map.of("name", "bench " + i, "memberSubject", member), owner).ok().json().path("token").asText());
        }
        return tokens;
    }

    /** The three layers of the lock scenarios, each one session's acquire + release of its own path. */
    private final class LockLayers implements AutoCloseable {
        private final JedisPool pool;
        private final String acquireScript;
        private final String releaseScript;

        LockLayers() {
            java.net.URI redisUri = java.net.URI.create(stack.storeEnvironment().get("PEERCODE_REDIS_URL"));
            JedisPoolConfig poolConfig = new JedisPoolConfig();
            poolConfig.setMaxTotal(300);
            poolConfig.setMaxIdle(300);
            // The URI carries this run's password (LocalRedis requires one).
            pool = new JedisPool(poolConfig, redisUri);
            try (Jedis jedis = pool.getResource()) {
                acquireScript = jedis.scriptLoad("if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
                        + "return redis.call('INCR', KEYS[2]) else return 0 end");
                releaseScript = jedis.scriptLoad("if redis.call('GET', KEYS[1]) == ARGV[1] then "
                        + "return redis.call('DEL', KEYS[1]) else return 0 end");
            }
        }

        SessionFactory gateway(String project) {
            return gateway(gateway, project, i -> null);
        }

        /** Sessions on the gateway at {@code url}, session {@code i} calling with {@code bearer.apply(i)} (null: none). */
        SessionFactory gateway(String url, String project, IntFunction<String> bearer) {
            return i -> {
                McpClient mcp = McpClient.connect(http, url, Optional.ofNullable(bearer.apply(i)));
                Map<String, Object> args = Map.of("projectId", project, "sessionId", "s" + i,
                        "paths", List.of("bench/" + i + ".txt"));
                return recorder -> {
                    recorder.time(() -> requireOk(mcp.call("peercode_lock_file", args)));
                    recorder.time(() -> requireOk(mcp.call("peercode_release_lock", args)));
                };
            };
        }

        SessionFactory lockService() {
            String base = stack.serviceUrl(LOCK) + "/v1/projects/proj_" + randomId() + "/locks";
            return i -> {
                Map<String, Object> body = Map.of("session", "s" + i, "paths", List.of("bench/" + i + ".txt"));
                return recorder -> {
                    recorder.time(() -> rest.post(base, body, true).ok());
                    recorder.time(() -> rest.post(base + "/release", body, true).ok());
                };
            };
        }

        SessionFactory redis() {
            String project = "proj_" + randomId();
            return i -> {
                List<String> acquireKeys = List.of("bench:" + project + ":lock:bench/" + i + ".txt",
                        "bench:" + project + ":fence");
                List<String> acquireArgs = List.of("s" + i, "900000");
                List<String> releaseKeys = acquireKeys.subList(0, 1);
                List<String> releaseArgs = List.of("s" + i);
                return recorder -> {
                    try (Jedis jedis = pool.getResource()) {
                        recorder.time(() -> {
                            if (((Long) jedis.evalsha(acquireScript, acquireKeys, acquireArgs)) == 0L) {
                                throw new IllegalStateException("not acquired");
                            }
                        });
                        recorder.time(() -> jedis.evalsha(releaseScript, releaseKeys, releaseArgs));
                    }
                };
            };
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    // --- Waiting agents ---

    /** Copies a service's log out of the temporary stack (deleted at the end) to {@code benchmarks/target/}. */
    private void keepLog(String service) {
        try (var logs = Files.list(stack.settings().dataDirectory().resolve("logs"))) {
            for (Path log : logs.filter(l -> l.getFileName().toString().startsWith(service)).toList()) {
                Files.copy(log, Path.of("benchmarks/target").resolve(log.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            line("(could not keep the log of " + service + ": " + e + ")");
        }
    }

    /**
     * Issue 19 #3: {@code BENCH_WAITERS} (1000) waiting {@code get_deltas} on one gateway, half over MCP, half over REST.
     * See {@link Waiters}.
     */
    private void waiters() throws Exception {
        int count = intEnv("BENCH_WAITERS", 1000);
        int rounds = intEnv("BENCH_WAITER_ROUNDS", 5);
        int port = FreePorts.pick();
        // A replica of its own, so its threads, heap and connections are the waits' alone; rate limit off (local mode
        // meters every caller without a token by its address, and all waits come from this one).
        String url = stack.startGatewayReplica(port, GatewayAuth.LOCAL_MODE, Map.of("PEERCODE_GATEWAY_RATE_LIMIT_ENABLED",
                "false"));
        try {
            waitersOn(url, port, count, rounds);
        } finally {
            keepLog(GATEWAY + "-" + port);
        }
    }

    private void waitersOn(String url, int port, int count, int rounds) throws Exception {
        long pid = stack.serviceProcess(GATEWAY + "-" + port).pid();
        Waiters waiters = new Waiters(rest, url, pid, URI.create(stack.plannerUrl()).getPort(),
                stack.serviceProcess(PLANNER).pid(),
                URI.create(stack.serviceUrl(LOCK)).getPort(), stack.plannerUrl());
        line("### %,d waiting get_deltas on one gateway (half MCP, half REST), woken by one pushed delta".formatted(count));
        line("");
        line("A gateway replica of its own (local mode, rate limit off) on the same backends. Each round: %,d reads with"
                .formatted(count));
        line("`waitSeconds=30` after the project's last delta, %d over MCP (Streamable HTTP, %d MCP sessions, %d calls"
                .formatted(
                        count / 2, Waiters.MCP_SESSIONS, count / 2 / Waiters.MCP_SESSIONS));
        line("each in flight at once) and %d over REST (`GET /api/v1/projects/{p}/deltas`), all parked (the gateway's"
                .formatted(
                        count - count / 2));
        line("`peercode_long_polls_parked` gauge), then one delta pushed over REST; wake latency is from the push's answer");
        line("(and from its request) to each waiter's answer. A first round, unrecorded, warms the replica up.");
        line("");
        // warm-up: the replica's JIT, its MCP sessions, one unrecorded round
        LockLayers warmLayers = new LockLayers();
        String lockProject = createProject("bench-waiters-locks");
        try (warmLayers) {
            run("warm-up", 4, warmLayers.gateway(url, lockProject, i -> null), Pace.CLOSED_LOOP, Duration.ofSeconds(15),
                    false);
        }
        String project = rest.post(url + "/api/v1/projects?session=setup", Map.of("name", "bench-waiters"), false).ok()
                .json().path("id").asText();
        waiters.open(project);
        waiters.round(count, null);

        Waiters.Sample before = waiters.sample();
        List<Long> fromAnswer = new ArrayList<>();
        List<Long> fromRequest = new ArrayList<>();
        Waiters.Sample during = null;
        String lockRows;
        tableHeader();
        try (LockLayers layers = new LockLayers()) {
            Result alone = run("gateway (MCP) lock + release, nothing waiting", 4, layers.gateway(url, lockProject, i -> null));
            Result[] meanwhile = new Result[1];
            // The first reads parked about 10 s before the last: warm-up and window (13 s together at most) must end
            // well inside their 30 s, or the first waits answer empty at their deadline before the delta comes.
            Duration whileWaiting = Duration.ofSeconds(Math.max(2, Math.min(measure.toSeconds(), 13 - warmup.toSeconds())));
            during = waiters.round(count, () -> meanwhile[0] = run("… while %,d reads wait".formatted(count), 4,
                    layers.gateway(url, lockProject, i -> null), Pace.CLOSED_LOOP, whileWaiting, true));
            fromAnswer.addAll(waiters.lastFromAnswer);
            fromRequest.addAll(waiters.lastFromRequest);
            for (int r = 1; r < rounds; r++) {
                waiters.round(count, null);
                fromAnswer.addAll(waiters.lastFromAnswer);
                fromRequest.addAll(waiters.lastFromRequest);
            }
            Result after = run("gateway (MCP) lock + release, nothing waiting (again)", 4,
                    layers.gateway(url, lockProject, i -> null));
            lockRows = "p50 %.2f / %.2f / %.2f ms, p99 %.2f / %.2f / %.2f ms, calls/s %.0f / %.0f / %.0f".formatted(alone.p(50),
                    meanwhile[0].p(50), after.p(50), alone.p(99), meanwhile[0].p(99), after.p(99), alone.rate(),
                    meanwhile[0].rate(), after.rate());
        }
        line("");
        line("Other calls (4 sessions, closed loop, on the same replica) before / while %,d wait / after: %s.".formatted(count,
                lockRows));
        line("");
        line("| gateway replica | nothing waiting | %,d waiting | difference |".formatted(count));
        line("|---|---:|---:|---:|");
        line("| threads (`/proc/<pid>/task`) | %d | %d | %+d |".formatted(before.threads(), during.threads(),
                during.threads() - before.threads()));
        line("| heap used after `jcmd GC.run` | %.1f MB | %.1f MB | %+.1f MB |".formatted(before.heapMb(), during.heapMb(),
                during.heapMb() - before.heapMb()));
        line("| RSS | %.0f MB | %.0f MB | %+.0f MB |".formatted(before.rssMb(), during.rssMb(),
                during.rssMb() - before.rssMb()));
        line("| TCP connections to the planner, ESTABLISHED | %d | %d | %+d |".formatted(before.plannerConnections(),
                during.plannerConnections(), during.plannerConnections() - before.plannerConnections()));
        line("| TCP connections to the lock service, ESTABLISHED | %d | %d | %+d |".formatted(before.lockConnections(),
                during.lockConnections(), during.lockConnections() - before.lockConnections()));
        line("");
        line("Waits that failed instead of waiting, per round (the first round unrecorded): %s%s.".formatted(waiters.failures,
                waiters.firstFailures.isEmpty() ? "" : "; first failure: " + waiters.firstFailures.get(0)));
        line("");
        line("Wake latency over %d rounds (%,d answers; every one carried the pushed delta): from the push's answer min %s, p50 %s, p90 %s, p99 %s, max %s; from its request p50 %s, p99 %s, max %s. Planner batch reads (`POST …/deltas/reads`) per wake: %s (mean time in the planner %s); woken-up waits' single reads: %s. CPU per wake, from the push to the last answer (mean of the recorded rounds, in 10 ms ticks of `/proc/<pid>/stat`): %s."
                .formatted(rounds, fromAnswer.size(), Waiters.ms(fromAnswer, 0), Waiters.ms(fromAnswer, 50),
                        Waiters.ms(fromAnswer, 90),
                        Waiters.ms(fromAnswer, 99), Waiters.ms(fromAnswer, 100), Waiters.ms(fromRequest, 50),
                        Waiters.ms(fromRequest, 99), Waiters.ms(fromRequest, 100), waiters.batchesPerWake(),
                        waiters.batchMillis(), waiters.singleReadsPerWake(), waiters.cpuPerWake()));
        line("");
    }

    /**
     * Every lock call above wrote one event to the Redis stream {@code peercode:events}; the planner
     * appends each to the delta log. Waits (at most 150 s) until its consumer group has read and
     * acknowledged all of them, so the next scenarios do not share the planner with that backlog, and
     * reports how long it took.
     */
    private void drainEvents() throws InterruptedException {
        drainEvents(true);
    }

    private void drainEvents(boolean report) throws InterruptedException {
        java.net.URI redisUri = java.net.URI.create(stack.storeEnvironment().get("PEERCODE_REDIS_URL"));
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(150).toNanos();
        String state = "n/a";
        try (Jedis jedis = new Jedis(redisUri)) {
            while (System.nanoTime() < deadline) {
                var stream = jedis.xinfoStream("peercode:events");
                var groups = jedis.xinfoGroup("peercode:events");
                boolean drained = !groups.isEmpty() && groups.stream().allMatch(g -> g.getPending() == 0
                        && g.getLastDeliveredId().equals(stream.getLastGeneratedId()));
                state = "stream length " + stream.getLength() + ", groups " + groups.stream()
                        .map(g -> g.getName() + " last delivered " + g.getLastDeliveredId() + " pending " + g.getPending())
                        .toList() + ", last id " + stream.getLastGeneratedId();
                if (drained) {
                    if (!report) {
                        return;
                    }
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

    /** When a session sends its calls: as soon as the previous answer arrived, or on a fixed schedule. */
    record Pace(long intervalNanos) {
        static final Pace CLOSED_LOOP = new Pace(0);

        static Pace perSecond(int calls) {
            return new Pace(1_000_000_000L / calls);
        }

        boolean open() {
            return intervalNanos > 0;
        }
    }

    /** A per-thread latency recorder that records only in the measured phase. */
    static final class Recorder {
        private static final long SPIN_NANOS = 100_000;
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        private final Pace pace;
        /** When the next call is due (open loop); a random phase so sessions do not fire in step. */
        private long due;
        long errors;
        volatile boolean measuring;
        String firstError;

        Recorder(Pace pace) {
            this.pace = pace;
            this.due = System.nanoTime() + (pace.open() ? ThreadLocalRandom.current().nextLong(pace.intervalNanos()) : 0);
        }

        interface Call {
            void run() throws Exception;
        }

        void time(Call call) {
            long start = System.nanoTime();
            if (pace.open()) {
                // Sleep until just before the call is due, then spin: a parked thread wakes up to tens of
                // microseconds late (timer slack, scheduling), which would be counted as the server's time.
                for (long wait = due - start; wait > 0; wait = due - System.nanoTime()) {
                    if (wait > SPIN_NANOS) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait - SPIN_NANOS);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                // Counted from when the call was due: a call held up by a slow predecessor shows its wait.
                start = due;
                due += pace.intervalNanos();
            }
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

        /** Two windows of the same layer as one: their calls and measured seconds added. */
        Result plus(Result other) {
            Histogram both = histogram.copy();
            both.add(other.histogram);
            return new Result(layer, sessions, both, errors + other.errors, seconds + other.seconds);
        }
    }

    /** Opens the sessions, warms up, measures for the fixed duration in a closed loop, and prints one table row. */
    private Result run(String layer, int sessions, SessionFactory factory) throws Exception {
        return run(layer, sessions, factory, Pace.CLOSED_LOOP, measure, true);
    }

    private Result run(String layer, int sessions, SessionFactory factory, Pace pace, Duration window, boolean print)
            throws Exception {
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
            Recorder recorder = new Recorder(pace);
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
        deadline[0] = System.nanoTime() + warmup.toNanos() + window.toNanos(); // published by Thread.start
        long measureFrom = System.nanoTime() + warmup.toNanos();
        threads.forEach(Thread::start);
        ready.await();
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long measuredStart = System.nanoTime();
        Map<String, Long> cpuBefore = cpu.snapshot();
        recorders.forEach(r -> r.measuring = true);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        Map<String, Long> used = CpuMeter.used(cpuBefore, cpu.snapshot());
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
            StringBuilder row = new StringBuilder("| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |".formatted(layer,
                    sessions, total.getTotalCount(), errors, result.rate(), result.p(50), result.p(90), result.p(99),
                    total.getMaxValue() / 1000.0));
            used.values().forEach(ms -> row.append(" %.2f |".formatted(ms / calls)));
            row.append(" %.2f |".formatted(used.values().stream().mapToLong(Long::longValue).sum() / calls));
            line(row.toString());
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
            // A log that grew over weeks has been vacuumed and checkpointed: without this, the read
            // scenario would also measure the bulk load's aftermath (hint-bit writes on first read, the
            // checkpoint flushing ≈ 0.5 GB, autovacuum starting mid-run).
            try (Statement settle = db.createStatement()) {
                settle.execute("VACUUM (ANALYZE) delta");
                settle.execute("CHECKPOINT");
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
        line("| layer | sessions | calls | errors | calls/s | p50 ms | p90 ms | p99 ms | max ms | CPU ms/call: gateway | lock-service | planner | stores | load generator | all |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    // --- Helpers ---

    private String createProject(String name) {
        return rest.post(gateway + "/api/v1/projects?session=setup", Map.of("name", name), false).ok().json().path("id")
                .asText();
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
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

    static String loadAverage() {
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

    private static List<String> csvEnv(String name, String fallback) {
        String value = System.getenv(name);
        return List.of((value == null || value.isBlank() ? fallback : value).split(",")).stream().map(String::trim)
                .toList();
    }

    private static List<Integer> intsEnv(String name, String fallback) {
        return csvEnv(name, fallback).stream().map(Integer::parseInt).toList();
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
