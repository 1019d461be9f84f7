package dev.peercode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * CPU time (user + system, {@code /proc/<pid>/stat}) of every process a call passes through, so a
 * scenario can say where each call's CPU went: the three services, the stores (PostgreSQL's postmaster
 * with all its backends, and Redis, found by the ports the stack gave them) and the load generator
 * itself, which shares the same cores. Linux only; elsewhere every figure is 0.
 */
final class CpuMeter {

    /** The columns after the services'. */
    static final String STORES = "stores";
    static final String LOAD = "load generator";

    private static final Path PROC = Path.of("/proc");
    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on every Linux this runs on. */
    private static final long MILLIS_PER_TICK = 10;

    private final Map<String, LongSupplier> services;
    private final int postgresPort;
    private final int redisPort;

    /** @param services name → current pid (a restart changes it), in column order */
    CpuMeter(Map<String, LongSupplier> services, int postgresPort, int redisPort) {
        this.services = services;
        this.postgresPort = postgresPort;
        this.redisPort = redisPort;
    }

    /** CPU milliseconds used so far per column. */
    Map<String, Long> snapshot() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        services.forEach((name, pid) -> cpu.put(name, millis(pid.getAsLong())));
        cpu.put(STORES, stores());
        cpu.put(LOAD, millis(ProcessHandle.current().pid()));
        return cpu;
    }

    /** {@code after - before} per column. */
    static Map<String, Long> used(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new LinkedHashMap<>();
        after.forEach((name, value) -> used.put(name, value - before.getOrDefault(name, 0L)));
        return used;
    }

    /**
     * PostgreSQL: the postmaster started with {@code -p <port>} and its children (one backend per
     * connection, plus WAL writer, checkpointer …); Redis: the {@code redis-server} process titled
     * {@code host:<port>}.
     */
    private long stores() {
        long total = 0;
        Long postmaster = null;
        Map<Long, Long> parentOf = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String command = commandLine(pid);
                if (command.contains("postgres") && command.contains(" -p " + postgresPort + " ")) {
                    postmaster = pid;
                } else if (command.contains("redis-server") && command.contains(":" + redisPort + " ")) {
                    total += millis(pid);
                }
                parentOf.put(pid, parent(pid));
            }
        } catch (IOException e) {
            return 0;
        }
        if (postmaster != null) {
            for (Map.Entry<Long, Long> process : parentOf.entrySet()) {
                if (process.getKey().equals(postmaster) || postmaster.equals(process.getValue())) {
                    total += millis(process.getKey());
                }
            }
        }
        return total;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(pid + "/cmdline"))).replace('\0', ' ').trim() + " ";
        } catch (IOException e) {
            return "";
        }
    }

    /** Fields after the command name in {@code /proc/<pid>/stat} (the name may contain spaces). */
    private static String[] stat(long pid) throws IOException {
        String stat = Files.readString(PROC.resolve(pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long parent(long pid) {
        try {
            return Long.parseLong(stat(pid)[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** stime alone (field 15 of proc(5)): the kernel's part of {@link #millis}. */
    static long systemMillis(long pid) {
        try {
            return Long.parseLong(stat(pid)[12]) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime (fields 14 and 15 of proc(5)). */
    static long millis(long pid) {
        try {
            String[] fields = stat(pid);
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
