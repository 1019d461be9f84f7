package dev.peercode.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service the launcher keeps running: when its process exits without being asked to, it is started
 * again (same jar, port and environment) after the {@link RestartPolicy}'s delay, with a console line
 * naming it, its exit code and the end of its log; after too many failures in the policy's window it
 * stays down, with a message saying so and where the log is. A stop asked for ({@link #stop}, Ctrl-C)
 * is never undone, and neither is an exit by SIGINT/SIGTERM (exit code 130/143): someone asked for it.
 */
final class SupervisedService {

    /** Lines of the log shown when a service exits: enough for a stack trace's head, short enough to read. */
    static final int TAIL_LINES = 20;
    private static final int EXIT_SIGINT = 130;
    private static final int EXIT_SIGTERM = 143;

    private final RestartPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> console;
    private final Duration readyTimeout;
    private final Deque<Instant> failures = new ArrayDeque<>();
    private volatile ServiceProcess current;
    /** Whether the service should be running; only {@link #stop} and {@link #start} change it. */
    private boolean wanted = true;

    SupervisedService(ServiceProcess started, RestartPolicy policy, ScheduledExecutorService scheduler,
            Consumer<String> console, Duration readyTimeout) {
        this.current = started;
        this.policy = policy;
        this.scheduler = scheduler;
        this.console = console;
        this.readyTimeout = readyTimeout;
        watch(started);
    }

    String name() {
        return current.name();
    }

    ServiceProcess current() {
        return current;
    }

    private void watch(ServiceProcess process) {
        process.onExit().thenRun(() -> exited(process));
    }

    private synchronized void exited(ServiceProcess process) {
        if (!wanted || process != current) {
            return;
        }
        int code = process.exitCode();
        if (code == EXIT_SIGINT || code == EXIT_SIGTERM) {
            wanted = false;
            console.accept(name() + " was stopped by a signal (exit code " + code + "); not restarting it.");
            return;
        }
        Optional<Duration> delay = policy.afterFailure(failures, Instant.now());
        if (delay.isEmpty()) {
            wanted = false;
            console.accept(name() + " exited unexpectedly again (exit code " + code + "): " + failures.size()
                    + " failures within " + minutes(policy.window()) + ", giving up; it stays down. Find the cause in "
                    + process.log() + ", then restart PeerCode (Ctrl-C, then ./run-local.sh). End of its log:\n"
                    + process.tail(TAIL_LINES));
            return;
        }
        console.accept(name() + " exited unexpectedly (exit code " + code + "); restarting it in "
                + seconds(delay.get()) + " (failure " + failures.size() + " of " + policy.maxFailures() + " allowed within "
                + minutes(policy.window()) + "). End of " + process.log() + ":\n" + process.tail(TAIL_LINES));
        scheduler.schedule(() -> restart(process), delay.get().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs on the scheduler: starts the service again unless a stop came in between, then waits for it. */
    private void restart(ServiceProcess crashed) {
        ServiceProcess next;
        synchronized (this) {
            if (!wanted || crashed != current) {
                return;
            }
            try {
                next = crashed.restart();
            } catch (RuntimeException e) {
                wanted = false;
                console.accept(name() + " could not be started again (" + e.getMessage() + "); it stays down.");
                return;
            }
            current = next;
            watch(next);
        }
        try {
            next.awaitReady(readyTimeout);
            console.accept(name() + " is running again (ready in " + seconds(next.readyAfter()) + ").");
        } catch (IllegalStateException e) {
            // It exited while starting (its exit is handled like any other) or hangs: end it, so that it
            // counts as a failure too.
            if (next.handle().isAlive()) {
                next.handle().destroyForcibly();
            }
        }
    }

    /** Stops the service for good (until {@link #start}): no restart follows. */
    void stop(Duration grace) {
        ServiceProcess process;
        synchronized (this) {
            wanted = false;
            process = current;
        }
        process.stop(grace);
    }

    /** Starts a stopped service again, with a clean failure history, and waits until it is ready. */
    Duration start() {
        ServiceProcess next;
        synchronized (this) {
            if (wanted && current.handle().isAlive()) {
                throw new IllegalStateException(name() + " is already running");
            }
            next = current.restart();
            current = next;
            failures.clear();
            wanted = true;
            watch(next);
        }
        next.awaitReady(readyTimeout);
        return next.readyAfter();
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String minutes(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
