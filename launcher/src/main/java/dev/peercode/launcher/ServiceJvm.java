package dev.peercode.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM options the launcher starts each service with (launcher/README.md, "Memory"). A developer runs the
 * stack beside an IDE and several agents, so each JVM is sized for what the service holds, measured with
 * {@code benchmarks/footprint.sh} (BENCHMARKS.md, "Footprint"):
 * <ul>
 * <li>the serial collector (no GC threads, no G1 regions and remembered sets), a fixed young generation and a
 * heap that starts small and grows only as far as the service's maximum;</li>
 * <li>small thread stacks, a bounded metaspace and code cache (bounds, not reservations: the JVM still touches
 * only what it uses), the compiler threads of a 2-core machine;</li>
 * <li>glibc's free memory handed back to the system every 10 s ({@code TrimNativeHeapInterval}, JDK 17.0.9+;
 * the C2 compiler's arenas otherwise stay resident after the warm-up);</li>
 * <li>the service's class-data-sharing archive when the build made one ({@code quarkus-app/app-cds.jsa},
 * Quarkus AppCDS): classes are mapped instead of loaded and verified, which is most of the start-up;</li>
 * <li>exit on {@code OutOfMemoryError}: the launcher restarts a service that exits (a heap too small for some
 * load shows as a restart with its log, not as a service that answers 500 for ever).</li>
 * </ul>
 * {@code PEERCODE_JAVA_OPTS} (space-separated) is appended to every service's options, so any of them can be
 * overridden (a later {@code -Xmx} wins).
 */
public final class ServiceJvm {

    /**
     * Each service's heap: maximum and young generation. The gateway's survivor spaces hold what its calls in flight
     * allocated: at 256 closed-loop sessions every call is in flight at every young collection, ≈ 5 MB that lives
     * one or two collections. The default 1.6 MB survivors of a 16 MB young generation sent it to the old
     * generation, and a full collection followed every sixth young one (JFR: 30 % of the time in pauses at 256
     * sessions, 1.4 % at 64). Survivors of 8 MB, which may fill to 90 % before objects are promoted early, keep it
     * young; eden is 16 MB (12.8 before). Survivor pages are touched only as far as they fill.
     */
    static final Map<String, List<String>> HEAP = Map.of(
            "planner-service", List.of("-Xms24m", "-Xmx160m", "-Xmn12m"),
            "lock-service", List.of("-Xms16m", "-Xmx96m", "-Xmn12m"),
            "gateway-mcp", List.of("-Xms40m", "-Xmx160m", "-Xmn32m", "-XX:SurvivorRatio=2",
                    "-XX:TargetSurvivorRatio=90"));

    /**
     * Per service besides the heap. The planner is off the lock path (it appends lock events in batches; its CPU
     * per lock call is a tenth of the gateway's), so it runs on the quick compiler only: no C2 code and compiler
     * memory, and less CPU while everything starts. The gateway and the lock service keep C2 for throughput.
     */
    static final Map<String, List<String>> COMPILER = Map.of(
            "planner-service", List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"),
            "lock-service", List.of("-XX:CICompilerCount=2"),
            "gateway-mcp", List.of("-XX:CICompilerCount=2"));

    /** What every service gets besides its heap. */
    static final List<String> COMMON = List.of(
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=64m",
            // (not -XX:MinHeapFreeRatio=10 / MaxHeapFreeRatio=30: the old generation then stayed ~95 % full and the
            // gateway ran a 140 ms full collection every few seconds under load, its CPU per call doubled)
            // A JDK before 17.0.9 (the README asks for 17 or newer) does not know the trim option: ignored there
            // rather than refusing to start.
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=10000",
            "-XX:+ExitOnOutOfMemoryError");

    /** The environment variable whose options are appended to every service's. */
    public static final String EXTRA_OPTIONS = "PEERCODE_JAVA_OPTS";

    private ServiceJvm() {
    }

    /**
     * The options for the service packaged at {@code jar} ({@code <module>/target/quarkus-app/quarkus-run.jar}),
     * then {@code extra} (from {@link #EXTRA_OPTIONS}).
     */
    public static List<String> options(Path jar, String extra) {
        List<String> options = new ArrayList<>(HEAP.getOrDefault(module(jar), List.of("-Xmx160m")));
        options.addAll(COMPILER.getOrDefault(module(jar), List.of()));
        options.addAll(COMMON);
        Path archive = jar.resolveSibling("app-cds.jsa");
        if (Files.isRegularFile(archive)) {
            // auto: an archive from another JDK build is ignored, never an error.
            options.add("-XX:SharedArchiveFile=" + archive);
            options.add("-Xshare:auto");
        }
        if (extra != null && !extra.isBlank()) {
            options.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return options;
    }

    /** {@code planner-service} from {@code …/planner-service/target/quarkus-app/quarkus-run.jar}. */
    static String module(Path jar) {
        Path absolute = jar.toAbsolutePath().normalize();
        return absolute.getNameCount() >= 4 ? absolute.getName(absolute.getNameCount() - 4).toString() : "";
    }
}
