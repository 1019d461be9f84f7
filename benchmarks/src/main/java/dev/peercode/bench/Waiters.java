package dev.peercode.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 19 #3, measured from outside the gateway: many {@code get_deltas} with {@code waitSeconds} waiting at once on
 * one gateway, half over MCP (Streamable HTTP, {@link #MCP_SESSIONS} sessions, several calls in flight on each) and
 * half over REST, all woken by one delta pushed over REST. Every wait is a plain HTTP/1.1 request on a socket of its
 * own, all read by one selector thread ({@link RawWaits}) that notes when each answer's last byte arrived, so the load
 * generator holds no thread per wait and its own cost per answer stays far below the gateway's. Measures the gateway's
 * threads ({@code /proc/<pid>/task}), its heap used after a full GC ({@code jcmd <pid> GC.run}, then its Micrometer
 * {@code jvm_memory_used_bytes{area="heap"}}), its ESTABLISHED TCP connections to the planner and the lock service
 * ({@code /proc/net/tcp*} entries whose inode is one of its sockets), each waiter's answer time after the push, and the
 * CPU the gateway, the planner and the load generator used from the push to the last answer.
 */
final class Waiters {

    static final int MCP_SESSIONS = 50;
    private static final int REST_SESSIONS = 50;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What the gateway holds at one moment. */
    record Sample(int threads, double heapMb, double rssMb, int plannerConnections, int lockConnections) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final long pid;
    private final int plannerPort;
    private final long plannerPid;
    private final int lockPort;
    private final String plannerUrl;
    private final List<McpClient> mcp = new ArrayList<>();
    /** The waits' own client (the MCP sessions are opened with {@link #http}). */
    private RawWaits raw;
    private String project;
    private final List<Long> batches = new ArrayList<>();
    private final List<Long> singles = new ArrayList<>();
    private final List<Map<String, Long>> cpuPerWake = new ArrayList<>();
    /** Answer times of the last round's waiters, in microseconds after the push's answer (at least 0) and request. */
    List<Long> lastFromAnswer = List.of();
    List<Long> lastFromRequest = List.of();

    /** Something to do while every read waits. */
    @FunctionalInterface
    interface Meanwhile {
        void run() throws Exception;
    }

    private final Backends rest;

    Waiters(Backends rest, String url, long pid, int plannerPort, long plannerPid, int lockPort, String plannerUrl) {
        this.plannerPid = plannerPid;
        this.rest = rest;
        this.url = url;
        this.pid = pid;
        this.plannerPort = plannerPort;
        this.lockPort = lockPort;
        this.plannerUrl = plannerUrl;
    }

    void open(String projectId) {
        this.project = projectId;
        this.raw = new RawWaits(url);
        for (int i = 0; i < MCP_SESSIONS; i++) {
            mcp.add(McpClient.connect(http, url));
        }
    }

    /**
     * One round: {@code count} waits parked, {@code meanwhile} run (if any) and the gateway sampled, one delta
     * pushed, every answer checked to carry it. Returns the sample taken while all waited.
     */
    Sample round(int count, Meanwhile meanwhile) throws Exception {
        long after = get(url + "/api/v1/projects/" + project + "/deltas?session=bench-push&after=0&limit=1")
                .path("lastSeq").asLong();
        long batchesBefore = plannerRequests("POST", "/v1/projects/{projectId}/deltas/reads");
        List<CompletableFuture<RawWaits.Answer>> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // the answer's time is taken as its last byte arrives; it is parsed only once all have arrived, so the load
            // generator's parsing of the first answers does not delay the times it takes of the later ones
            CompletableFuture<RawWaits.Answer> wait = i % 2 == 0 ? mcpWait(i, after) : restWait(i, after);
            waits.add(wait);
            if (i % 10 == 9) {
                // agents arrive over a while, not in one instant (1,000 in one at a load of 20 timed presence
                // touches and first reads out): 1,000 in about 10 s
                Thread.sleep(100);
            }
        }
        long parkedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        // every read parked, or answered already (only a failure can: nothing new was pushed yet)
        while (gatewayMetric("peercode_long_polls_parked") + waits.stream().filter(CompletableFuture::isDone).count() < count) {
            if (System.nanoTime() > parkedBy) {
                throw new IllegalStateException("Not all " + count + " reads parked: "
                        + gatewayMetric("peercode_long_polls_parked") + " parked");
            }
            Thread.sleep(50); // poll interval; the condition is the gauge
        }
        long singlesBefore = plannerRequests("GET", "/v1/projects/{projectId}/deltas");
        if (meanwhile != null) {
            meanwhile.run();
        }
        Sample sample = sample();
        Map<String, Long> cpuBefore = cpu();
        long requested = System.nanoTime();
        long seq = rest.post(url + "/api/v1/projects/" + project + "/deltas?session=bench-push",
                Map.of("type", "note", "summary", "wake up"), false).ok().json().path("seq").asLong();
        long answered = System.nanoTime();
        CompletableFuture.allOf(waits.stream().map(w -> w.exceptionally(failure -> null)).toArray(CompletableFuture[]::new))
                .get(WAIT.toSeconds() + 10, TimeUnit.SECONDS);
        cpuPerWake.add(CpuMeter.used(cpuBefore, cpu()));
        raw.closeAnswered();
        List<Long> fromAnswer = new ArrayList<>();
        List<Long> fromRequest = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < count; i++) {
            JsonNode page;
            long answeredAt;
            try {
                RawWaits.Answer answer = waits.get(i).get();
                answeredAt = answer.at();
                page = (i % 2 == 0 ? MCP_PAGE : REST_PAGE).apply(answer);
            } catch (java.util.concurrent.ExecutionException | IllegalStateException e) {
                if (failed++ == 0) {
                    firstFailures.add((e.getCause() == null ? e : e.getCause()).getMessage());
                }
                continue;
            }
            if (page.path("deltas").path(0).path("seq").asLong() != seq) {
                throw new IllegalStateException("Waiter " + i + " answered without delta " + seq + ": " + page);
            }
            fromAnswer.add(Math.max(0, answeredAt - answered) / 1000);
            fromRequest.add((answeredAt - requested) / 1000);
        }
        failures.add(failed);
        lastFromAnswer = fromAnswer;
        lastFromRequest = fromRequest;
        batches.add(plannerRequests("POST", "/v1/projects/{projectId}/deltas/reads") - batchesBefore);
        singles.add(plannerRequests("GET", "/v1/projects/{projectId}/deltas") - singlesBefore);
        return sample;
    }

    private CompletableFuture<RawWaits.Answer> mcpWait(int i, long after) {
        McpClient session = mcp.get(i / 2 % MCP_SESSIONS);
        ObjectNode message = McpClient.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", i).put("method",
                "tools/call");
        message.putObject("params").put("name", "peercode_get_deltas").set("arguments",
                McpClient.JSON.valueToTree(Map.of("projectId", project, "sessionId", "mcp-" + (i / 2 % MCP_SESSIONS),
                        "after", after, "waitSeconds", WAIT.toSeconds())));
        return raw.post("/mcp", "Accept: application/json, text/event-stream\r\nMcp-Session-Id: " + session.sessionId()
                + "\r\n", message.toString());
    }

    /** An MCP wait's answer: its page (the tool result's structured content). */
    private static final Function<RawWaits.Answer, JsonNode> MCP_PAGE = r -> {
        JsonNode answer = McpClient.parse(new McpClient.Reply(r.status(), r.contentType(), r.body()));
        JsonNode result = answer.path("result");
        if (r.status() != 200 || answer.has("error") || result.path("isError").asBoolean(false)) {
            throw new IllegalStateException("MCP wait answered " + r.status() + ": " + r.body());
        }
        return result.path("structuredContent");
    };

    /** A REST wait's answer: its page. */
    private static final Function<RawWaits.Answer, JsonNode> REST_PAGE = r -> {
        if (r.status() != 200) {
            throw new IllegalStateException("REST wait answered " + r.status() + ": " + r.body());
        }
        try {
            return McpClient.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    };

    private CompletableFuture<RawWaits.Answer> restWait(int i, long after) {
        return raw.get("/api/v1/projects/" + project + "/deltas?session=rest-" + (i / 2 % REST_SESSIONS) + "&after=" + after
                + "&waitSeconds=" + WAIT.toSeconds());
    }

    /** CPU milliseconds used so far by the gateway replica, the planner and the load generator. */
    private Map<String, Long> cpu() {
        Map<String, Long> cpu = new java.util.LinkedHashMap<>();
        cpu.put("gateway", CpuMeter.millis(pid));
        cpu.put("of which the kernel's", CpuMeter.systemMillis(pid));
        cpu.put("planner", CpuMeter.millis(plannerPid));
        cpu.put(CpuMeter.LOAD, CpuMeter.millis(ProcessHandle.current().pid()));
        return cpu;
    }

    /** CPU used from the push until the last answer, summed over the rounds after the first (unrecorded) one. */
    String cpuPerWake() {
        Map<String, Long> sum = new java.util.LinkedHashMap<>();
        cpuPerWake.stream().skip(1).forEach(round -> round.forEach((k, v) -> sum.merge(k, v, Long::sum)));
        int rounds = Math.max(1, cpuPerWake.size() - 1);
        StringBuilder text = new StringBuilder();
        sum.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(' ').append(v / rounds).append(" ms"));
        return text.toString();
    }

    /** Threads, heap after a full GC, RSS and backend connections of the gateway now. */
    Sample sample() throws Exception {
        Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(30, TimeUnit.SECONDS);
        double heap = 0;
        for (String line : metrics(url)) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        int threads;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            threads = (int) tasks.count();
        }
        Set<String> sockets = sockets();
        double rss = Long.parseLong(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow().replaceAll("\\D", "")) / 1024.0;
        return new Sample(threads, heap / 1024 / 1024, rss, established(sockets, plannerPort),
                established(sockets, lockPort));
    }

    /** Waits that failed instead of waiting, per round (and the first failure of each such round). */
    final List<Integer> failures = new ArrayList<>();
    final List<String> firstFailures = new ArrayList<>();

    String batchesPerWake() {
        return batches.toString();
    }

    /** The planner's mean time per batch read so far (its {@code http_server_requests_seconds} sum ÷ count). */
    String batchMillis() {
        double sum = 0;
        double count = 0;
        for (String line : metrics(plannerUrl)) {
            if (line.contains("uri=\"/v1/projects/{projectId}/deltas/reads\"")) {
                if (line.startsWith("http_server_requests_seconds_sum{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("http_server_requests_seconds_count{")) {
                    count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return count == 0 ? "n/a" : "%.1f ms".formatted(1000 * sum / count);
    }

    String singleReadsPerWake() {
        return singles.toString();
    }

    /** The inodes of the gateway's sockets. */
    private Set<String> sockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    /** ESTABLISHED TCP connections of these sockets to {@code port}. */
    private static int established(Set<String> inodes, int port) throws IOException {
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                String remote = f[2];
                int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                if (f[3].equals("01") && remotePort == port && inodes.contains(f[9])) {
                    count++;
                }
            }
        }
        return count;
    }

    private double gatewayMetric(String name) {
        double sum = 0;
        for (String line : metrics(url)) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Requests the planner answered on this route so far (its Micrometer HTTP server metrics). */
    private long plannerRequests(String method, String uri) {
        double sum = 0;
        for (String line : metrics(plannerUrl)) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"" + method + "\"")
                    && line.contains("uri=\"" + uri + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private List<String> metrics(String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body().lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String target) throws IOException, InterruptedException {
        return McpClient.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(target)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The percentile of microsecond values, in milliseconds. */
    static String ms(List<Long> micros, double percentile) {
        if (micros.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = micros.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return "%.1f ms".formatted(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0);
    }
}
