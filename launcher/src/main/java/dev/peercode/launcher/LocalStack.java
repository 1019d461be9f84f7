package dev.peercode.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.peercode.stores.LocalPostgres;
import dev.peercode.stores.LocalRedis;

/**
 * Command one of the README: the whole PeerCode set on one machine. Starts PostgreSQL and Redis
 * (embedded unless {@code PEERCODE_DB_URL} / {@code PEERCODE_REDIS_URL} name existing ones), then
 * the planner, the lock service and the gateway from their packaged jars, waits until each is
 * ready, prints the URLs, and on Ctrl-C stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    static final String DATABASE = "peercode";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final LaunchSettings settings;
    private final List<AutoCloseable> stores = new ArrayList<>();
    private final List<SupervisedService> services = new ArrayList<>();
    /**
     * Services started and not yet ready (so not yet supervised): {@link #close()} stops them too. A launcher asked
     * to stop while it still starts the stack (SIGTERM from a process manager or a test, not Ctrl-C, which reaches
     * the children as well) otherwise left them running without it.
     */
    private final List<ServiceProcess> starting = new ArrayList<>();
    private final RestartPolicy restartPolicy;
    /** Restarts crashed services; daemon threads, so that it never holds the JVM up. */
    private final ScheduledExecutorService supervisor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "peercode-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> storeEnv = new HashMap<>();
    private LocalPostgres postgres;
    private LocalRedis redis;
    private Map<String, String> gatewayEnvironment;
    private final String gatewaySecret = internalToken();
    private volatile boolean closing;

    private LocalStack(LaunchSettings settings, RestartPolicy restartPolicy) {
        this.settings = settings;
        this.restartPolicy = restartPolicy;
    }

    public static void main(String[] args) {
        LaunchSettings settings;
        try {
            settings = LaunchSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("PeerCode could not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(settings, RestartPolicy.DEFAULT);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "peercode-stop"));
        long started = System.nanoTime();
        try {
            stack.startAll();
        } catch (RuntimeException | Error e) {
            if (!stack.closing) {
                System.err.println("PeerCode could not start: " + (e instanceof Error ? e.toString() : e.getMessage()));
            }
            System.exit(1); // the shutdown hook stops what was started
        }
        stack.printBanner(Duration.ofNanos(System.nanoTime() - started));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the stores and the services and returns once all three services are ready. */
    public static LocalStack start(LaunchSettings settings) {
        return start(settings, RestartPolicy.DEFAULT);
    }

    /** {@link #start(LaunchSettings)} with another policy for restarting a service that exits on its own. */
    public static LocalStack start(LaunchSettings settings, RestartPolicy restartPolicy) {
        LocalStack stack = new LocalStack(settings, restartPolicy);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        for (int port : List.of(settings.gatewayPort(), settings.plannerPort(), settings.lockPort())) {
            requireFree(port);
        }
        Path logs = settings.dataDirectory().resolve("logs");
        createDirectories(logs);

        // The credential only the gateway holds towards the planner and the lock service: fresh per run,
        // never written to disk, handed to the three child processes through their environment.
        storeEnv.put("PEERCODE_INTERNAL_TOKEN", internalToken());
        storeEnv.put("PEERCODE_REDIS_URL", settings.externalRedisUrl().orElseGet(() -> {
            log("Starting Redis (embedded) on port " + settings.redisPort() + " ...");
            redis = keep(LocalRedis.start(settings.dataDirectory().resolve("redis"), settings.redisPort()));
            return redis.uri();
        }));

        // The three services start at once: each one's start-up overlaps the others' and the gateway reports ready
        // once it reaches the other two (one after the other they took about twice as long). The lock service
        // (Redis only) and the gateway (no store at start-up) even start while PostgreSQL does.
        log("Starting lock-service and gateway-mcp ...");
        List<ServiceProcess> started = new ArrayList<>();
        try {
            started.add(startService("lock-service", settings.lockPort(), logs, Map.of(
                    "PEERCODE_INTERNAL_TOKEN", storeEnv.get("PEERCODE_INTERNAL_TOKEN"),
                    "PEERCODE_REDIS_URL", storeEnv.get("PEERCODE_REDIS_URL"))));
            gatewayEnvironment = gatewayEnvironment(plannerUrl(), lockUrl());
            started.add(startService("gateway-mcp", settings.gatewayPort(), logs,
                    advertised(gatewayEnvironment, settings.gatewayPort())));
            startDatabase();
            log("Starting planner-service ...");
            started.add(0, startService("planner-service", settings.plannerPort(), logs, plannerEnvironment()));
        } catch (RuntimeException | Error e) {
            // An Error too (OutOfMemoryError while PostgreSQL unpacks): the services already started must not be
            // left running without their launcher.
            started.forEach(service -> service.stop(STOP_GRACE));
            throw e;
        }
        for (int i = 0; i < started.size(); i++) {
            awaitReadyOrStop(started.get(i), started.subList(i + 1, started.size()).toArray(ServiceProcess[]::new));
            supervise(started.get(i));
        }
    }

    /** A store just started, to be stopped with the stack; stopped at once if the stack is stopping meanwhile. */
    private synchronized <T extends AutoCloseable> T keep(T store) {
        if (closing) {
            try {
                store.close();
            } catch (Exception e) {
                log("Note: " + e.getMessage());
            }
            throw new IllegalStateException("stopped while starting");
        }
        stores.add(store);
        return store;
    }

    /** A ready service from {@link #startAll()} goes under supervision, unless the stack is stopping meanwhile. */
    private synchronized void supervise(ServiceProcess ready) {
        starting.remove(ready);
        if (closing) {
            ready.stop(STOP_GRACE);
            throw new IllegalStateException("stopped while starting");
        }
        services.add(supervised(ready));
    }

    /** The embedded PostgreSQL, or the external one {@code PEERCODE_DB_URL} names: into the planner's environment. */
    private void startDatabase() {
        settings.externalDatabase().ifPresentOrElse(db -> {
            storeEnv.put("PEERCODE_DB_URL", db.jdbcUrl());
            storeEnv.put("PEERCODE_DB_USER", db.user());
            storeEnv.put("PEERCODE_DB_PASSWORD", db.password());
        }, () -> {
            log("Starting PostgreSQL (embedded) on port " + settings.postgresPort() + " ...");
            postgres = keep(LocalPostgres.start(settings.dataDirectory().resolve("postgres"), settings.postgresPort(),
                    false));
            storeEnv.put("PEERCODE_DB_URL", postgres.jdbcUrl(DATABASE));
            // The service role and its password of this run (LocalPostgres): no superuser, never printed.
            storeEnv.put("PEERCODE_DB_USER", LocalPostgres.SERVICE_USER);
            storeEnv.put("PEERCODE_DB_PASSWORD", postgres.servicePassword());
            // On a machine's first run the PostgreSQL binaries were just unpacked in this heap (the archive and
            // an xz dictionary, ~100 MB): give that back now rather than at the next collection of an idle JVM,
            // which may not come for hours (launcher.jvm shrinks the heap after a full collection). Four times: the
            // serial collector damps shrinking (none after the first full collection, 10 % after the second, 40 %,
            // then all the way), so that programs calling System.gc() between phases do not regrow the heap each
            // time; one call left the launcher's old generation at 21 MB for 5 MB of live data (PSS 66 -> 54 MiB).
            for (int i = 0; i < 4; i++) {
                System.gc();
            }
        });
    }

    /** Waits for the first service; if it never gets ready, stops all of them (none is supervised yet). */
    private static void awaitReadyOrStop(ServiceProcess first, ServiceProcess... others) {
        try {
            first.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            first.stop(STOP_GRACE);
            for (ServiceProcess other : others) {
                other.stop(STOP_GRACE);
            }
            throw e;
        }
    }

    /**
     * The planner's: the stores, and for webhooks the local stack's choices. Everything runs on this
     * machine, so a webhook receiver on loopback or the LAN (a local script, a chat bridge) is what people
     * use here: private targets are allowed (deployments keep the SSRF guard on), and links in messages
     * point at this gateway's web UI.
     */
    private Map<String, String> plannerEnvironment() {
        Map<String, String> env = new HashMap<>(storeEnv);
        env.put("PEERCODE_PLANNER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        env.put("PEERCODE_PLANNER_WEBHOOKS_UI_BASE_URL", "http://localhost:" + settings.gatewayPort());
        return env;
    }

    /**
     * The gateway's environment: where the planner and the lock service are, the internal credential, and
     * how it authenticates callers. It reaches Redis only to listen to the planner's delta wake-ups (MCP
     * resource updates). In local mode (authentication off) it accepts to start only because it binds
     * 127.0.0.1.
     */
    private Map<String, String> gatewayEnvironment(String plannerUrl, String lockUrl) {
        Map<String, String> env = new HashMap<>(settings.gatewayAuth().gatewayEnvironment());
        env.put("QUARKUS_REST_CLIENT_PLANNER_URL", plannerUrl);
        env.put("QUARKUS_REST_CLIENT_LOCK_URL", lockUrl);
        env.put("PEERCODE_REDIS_URL", storeEnv.get("PEERCODE_REDIS_URL"));
        env.put("PEERCODE_INTERNAL_TOKEN", storeEnv.get("PEERCODE_INTERNAL_TOKEN"));
        // The gateways' own secret (session records, hops between replicas, CSRF tokens): the backends never get it.
        env.put("PEERCODE_GATEWAY_SECRET", gatewaySecret);
        return Map.copyOf(env);
    }

    /**
     * Each gateway records the MCP sessions it holds under its own address, so a replica that receives a
     * request for one of them forwards it there (gateway-mcp {@code routing}), as on Kubernetes.
     */
    private static Map<String, String> advertised(Map<String, String> gatewayEnvironment, int port) {
        Map<String, String> env = new HashMap<>(gatewayEnvironment);
        env.put("PEERCODE_GATEWAY_ADVERTISED_URL", "http://127.0.0.1:" + port);
        return env;
    }

    /**
     * Starts one more gateway on {@code port}, on the same planner, lock service and stores with the same
     * settings, the way Kubernetes scales the gateway Deployment; waits until it is ready and returns its
     * base URL. It is stopped with the rest ({@link #close()}); its module name is {@code gateway-mcp-<port>}.
     */
    public synchronized String startGatewayReplica(int port) {
        return startGatewayReplica(port, gatewayEnvironment);
    }

    /**
     * {@link #startGatewayReplica(int)} for a replica that authenticates as {@code auth} says instead of as the
     * stack's gateway does, with {@code extra} added to its environment: the benchmark measures a gateway with
     * authentication on beside the local-mode one, on the same backends.
     */
    public synchronized String startGatewayReplica(int port, GatewayAuth auth, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(gatewayEnvironment);
        settings.gatewayAuth().gatewayEnvironment().keySet().forEach(env::remove);
        env.putAll(auth.gatewayEnvironment());
        env.putAll(extra);
        return startGatewayReplica(port, Map.copyOf(env));
    }

    private String startGatewayReplica(int port, Map<String, String> environment) {
        requireFree(port);
        ServiceProcess replica = ServiceProcess.start("gateway-mcp-" + port,
                settings.home().resolve("gateway-mcp/target/quarkus-app/quarkus-run.jar"), port,
                settings.dataDirectory().resolve("logs"), advertised(environment, port));
        awaitReadyOrStop(replica);
        services.add(supervised(replica));
        return replica.baseUrl();
    }

    private synchronized ServiceProcess startService(String module, int port, Path logs, Map<String, String> env) {
        if (closing) {
            throw new IllegalStateException("stopped while starting");
        }
        Path jar = settings.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess process = ServiceProcess.start(module, jar, port, logs, env);
        starting.add(process);
        return process;
    }

    /**
     * From here on, the launcher restarts the service when it exits on its own ({@link SupervisedService}).
     * Only a service that was ready once: one that cannot start at all stops the launcher instead.
     */
    private SupervisedService supervised(ServiceProcess ready) {
        return new SupervisedService(ready, restartPolicy, supervisor, this::supervisorSays, READY_TIMEOUT);
    }

    /** What the supervisor reports, unless everything is stopping anyway (Ctrl-C reaches the services too). */
    private void supervisorSays(String message) {
        if (!closing) {
            log(message);
        }
    }

    /** What this stack was started with. */
    public LaunchSettings settings() {
        return settings;
    }

    /** The gateway's base URL, e.g. {@code http://localhost:8080} (MCP at {@code /mcp}, REST at {@code /api/v1}). */
    public String gatewayUrl() {
        return "http://localhost:" + settings.gatewayPort();
    }

    // --- For the benchmarks and the fault-injection tests (benchmarks/): reach the stores, stop and
    // start one part while the others keep running. ---

    /** The planner's JDBC URL, user and password ({@code PEERCODE_DB_URL}, {@code _USER}, {@code _PASSWORD}). */
    public Map<String, String> storeEnvironment() {
        return Map.copyOf(storeEnv);
    }

    /** The base URL of a service by module name ({@code gateway-mcp}, {@code planner-service}, {@code lock-service}). */
    public String serviceUrl(String module) {
        return service(module).current().baseUrl();
    }

    /** The operating-system process of a service. */
    public ProcessHandle serviceProcess(String module) {
        return service(module).current().handle();
    }

    /** How long the service took from process start to ready, the last time it was started. */
    public Duration serviceReadyAfter(String module) {
        return service(module).current().readyAfter();
    }

    /** Stops one service (SIGTERM, then kill after the grace period); the others keep running. */
    public synchronized void stopService(String module) {
        service(module).stop(STOP_GRACE);
    }

    /**
     * Starts a stopped service again on the same port with the same settings, and waits until it is ready.
     * Also brings back a service the supervisor gave up on.
     */
    public synchronized Duration startService(String module) {
        return service(module).start();
    }

    /** Stops the embedded Redis (its append-only file stays). */
    public synchronized void stopRedis() {
        requireEmbedded(redis, "Redis").close();
    }

    /** Starts the embedded Redis again on the same port and data directory. */
    public synchronized void startRedis() {
        LocalRedis old = requireEmbedded(redis, "Redis");
        redis = LocalRedis.start(settings.dataDirectory().resolve("redis"), old.port(), old.password());
        stores.set(stores.indexOf(old), redis);
    }

    /** Stops the embedded PostgreSQL (fast shutdown; the cluster stays). */
    public synchronized void stopPostgres() {
        requireEmbedded(postgres, "PostgreSQL").close();
    }

    /** Starts the embedded PostgreSQL again on the same port and data directory. */
    public synchronized void startPostgres() {
        LocalPostgres old = requireEmbedded(postgres, "PostgreSQL");
        postgres = LocalPostgres.start(settings.dataDirectory().resolve("postgres"), old.port(), false,
                old.servicePassword());
        stores.set(stores.indexOf(old), postgres);
    }

    private static <T> T requireEmbedded(T store, String what) {
        if (store == null) {
            throw new IllegalStateException(what + " is external: the launcher did not start it");
        }
        return store;
    }

    private SupervisedService service(String module) {
        return services.stream().filter(s -> s.name().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + module));
    }

    /** The planner's base URL (its internal API answers only the gateway's credential). */
    public String plannerUrl() {
        return "http://localhost:" + settings.plannerPort();
    }

    /** The lock service's base URL (its internal API answers only the gateway's credential). */
    public String lockUrl() {
        return "http://localhost:" + settings.lockPort();
    }

    /** 32 random bytes, URL-safe base64: the internal token (and the gateway secret) of this run. */
    static String internalToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    List<ProcessHandle> serviceProcesses() {
        return services.stream().map(s -> s.current().handle()).toList();
    }

    private void printBanner(Duration startup) {
        String data = settings.dataDirectory().toString();
        System.out.println("""

                PeerCode is running (ready in %3$.1f s).
                  MCP endpoint (Streamable HTTP): %1$s/mcp
                  MCP legacy SSE endpoint:        %1$s/mcp/sse
                  Web UI:                         %1$s/ui
                  Data:                           %2$s
                  Service logs:                   %2$s/logs
                %4$s
                Press Ctrl-C to stop everything.
                """.formatted(gatewayUrl(), data, startup.toMillis() / 1000.0, authLine(settings.gatewayAuth())));
    }

    /** The banner's line on authentication: a local run must never be mistaken for a protected one. */
    static String authLine(GatewayAuth auth) {
        if (!auth.enabled()) {
            return "local mode: authentication OFF, bound to 127.0.0.1 only";
        }
        return "authentication ON: OIDC access tokens from " + auth.issuer().orElseThrow()
                + " (audience " + auth.environment().getOrDefault(GatewayAuth.AUDIENCE,
                        auth.environment().getOrDefault("PEERCODE_OIDC_AUDIENCE", "peercode"))
                + ") and PeerCode agent tokens";
    }

    /** Stops the services (gateway first), then the stores. Safe to call twice. */
    @Override
    public void close() {
        closing = true;
        closeAll();
    }

    private synchronized void closeAll() {
        if (services.isEmpty() && starting.isEmpty() && stores.isEmpty()) {
            return;
        }
        log("Stopping PeerCode ...");
        // The services stop in parallel: each needs its grace period, and none depends on another's shutdown.
        List<Thread> stopping = new ArrayList<>();
        services.forEach(service -> stopping.add(new Thread(() -> service.stop(STOP_GRACE), "stop-" + service.name())));
        starting.forEach(service -> stopping.add(new Thread(() -> service.stop(STOP_GRACE), "stop-" + service.name())));
        stopping.forEach(Thread::start);
        stopping.forEach(LocalStack::join);
        services.clear();
        starting.clear();
        supervisor.shutdownNow();
        // PostgreSQL before Redis: the reverse of their start order.
        Collections.reverse(stores);
        for (AutoCloseable store : stores) {
            try {
                store.close();
            } catch (Exception e) {
                // Ctrl-C reaches the whole process group, so a store may already have stopped itself.
                log("Note: " + e.getMessage());
            }
        }
        stores.clear();
        log("PeerCode stopped.");
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is already in use (is PeerCode already running?)");
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void log(String message) {
        System.out.println("[peercode] " + message);
    }
}
