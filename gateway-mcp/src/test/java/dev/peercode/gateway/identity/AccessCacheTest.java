package dev.peercode.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * What the gateway keeps of the planner's answers about who may act, and when it lets go. The Redis side
 * (the planner's announcement reaching another replica) is e2e-tests' AuthIT.revocationReachesEveryReplicaWithin100Ms.
 */
class AccessCacheTest {

    private static final String P = "proj_AAAAAAAAAAAAAAAA";
    private static final String Q = "proj_BBBBBBBBBBBBBBBB";
    private static final VerifiedToken TOKEN = new VerifiedToken(P, "bob", "member", "tok_1");
    private static final MemberView BOB = new MemberView(P, "bob", "member", null, Instant.EPOCH);

    private static AccessCache hearing() {
        AccessCache cache = new AccessCache(new Config(Duration.ofMinutes(5)), Duration.ofSeconds(5), null,
                new ObjectMapper(), null);
        cache.hearing();
        return cache;
    }

    @Test
    void aVerifiedTokenIsAskedForOnceThenKeptUntilItsMembersAccessChanges() {
        AccessCache cache = hearing();
        AtomicInteger asked = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(token(cache, "pct_secret", () -> {
                asked.incrementAndGet();
                return Optional.of(TOKEN);
            })).contains(TOKEN);
        }
        assertThat(asked).hasValue(1);
        assertThat(cache.keptToken("pct_secret")).contains(TOKEN);
        assertThat(cache.keptToken("pct_other")).isEmpty();

        cache.onMessage("{\"projectId\":\"" + Q + "\",\"subject\":\"bob\"}");
        assertThat(cache.keptToken("pct_secret")).as("another project's change").contains(TOKEN);
        cache.onMessage("{\"projectId\":\"" + P + "\",\"subject\":\"bob\"}");
        assertThat(cache.keptToken("pct_secret")).isEmpty();
    }

    @Test
    void aMembershipIsKeptAbsenceIsNotAndAChangeOfTheMemberOrTheProjectDropsIt() {
        AccessCache cache = hearing();
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<Optional<MemberView>> planner = new AtomicReference<>(Optional.empty());
        java.util.function.Supplier<Optional<MemberView>> lookup = () -> {
            asked.incrementAndGet();
            return planner.get();
        };
        assertThat(member(cache, P, "bob", lookup)).isEmpty();
        planner.set(Optional.of(BOB));
        assertThat(member(cache, P, "bob", lookup)).as("added a moment ago: let in at once").contains(BOB);
        assertThat(member(cache, P, "bob", lookup)).contains(BOB);
        assertThat(asked).hasValue(2);

        cache.renamed(BOB, "Bob B.");
        assertThat(member(cache, P, "bob", lookup)).hasValueSatisfying(m -> assertThat(m.displayName()).isEqualTo("Bob B."));

        planner.set(Optional.empty());
        cache.onMessage("{\"projectId\":\"" + P + "\",\"subject\":\"alice\"}");
        assertThat(member(cache, P, "bob", lookup)).as("another member's change").isPresent();
        cache.changed(P, null);
        assertThat(member(cache, P, "bob", lookup)).isEmpty();
    }

    /**
     * Redis confirms a subscription some time after it is asked for, and a change announced before then is lost: a
     * replica keeps nothing until it hears its own hello back on the channel; other replicas' hellos change nothing.
     */
    @Test
    void nothingIsKeptUntilTheReplicaHearsItsOwnHelloOnTheChannel() {
        AccessCache cache = new AccessCache(new Config(Duration.ofMinutes(5)), Duration.ofSeconds(5), null,
                new ObjectMapper(), null);
        String hello = cache.subscribed();
        AtomicInteger asked = new AtomicInteger();
        java.util.function.Supplier<Optional<VerifiedToken>> verify = () -> {
            asked.incrementAndGet();
            return Optional.of(TOKEN);
        };
        token(cache, "pct_secret", verify);
        token(cache, "pct_secret", verify);
        assertThat(asked).as("subscribed, not confirmed").hasValue(2);

        cache.onMessage("{\"listening\":\"another replica\"}");
        token(cache, "pct_secret", verify);
        assertThat(asked).hasValue(3);

        cache.onMessage(hello);
        token(cache, "pct_secret", verify);
        token(cache, "pct_secret", verify);
        assertThat(asked).as("confirmed: kept").hasValue(4);
        cache.onMessage("{\"listening\":\"another replica\"}");
        assertThat(cache.keptToken("pct_secret")).as("another replica's hello drops nothing").contains(TOKEN);
    }

    @Test
    void aMessageNotUnderstoodDropsEverythingAndNothingIsKeptWhileDeaf() {
        AccessCache cache = hearing();
        token(cache, "pct_secret", () -> Optional.of(TOKEN));
        cache.onMessage("not json");
        assertThat(cache.keptToken("pct_secret")).isEmpty();

        AccessCache deaf = new AccessCache(new Config(Duration.ofMinutes(5)), Duration.ofSeconds(5), null,
                new ObjectMapper(), null);
        AtomicInteger asked = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            token(deaf, "pct_secret", () -> {
                asked.incrementAndGet();
                return Optional.of(TOKEN);
            });
        }
        assertThat(asked).as("not subscribed: the planner is asked every time").hasValue(3);
    }

    /**
     * The race that matters: a lookup reads the planner just before a removal commits, and its answer arrives
     * after the announcement. Many readers race one remover, round after round; once the remover's announcement
     * has been handled and the readers are done, the membership must never be kept.
     */
    @Test
    void anAnswerFetchedBeforeAnAnnouncedChangeIsNeverKeptAfterIt() throws Exception {
        int readers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        try {
            for (int round = 0; round < 300; round++) {
                AccessCache cache = hearing();
                AtomicReference<Optional<MemberView>> planner = new AtomicReference<>(Optional.of(BOB));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> running = new ArrayList<>();
                for (int r = 0; r < readers; r++) {
                    running.add(pool.submit(() -> {
                        await(go);
                        for (int i = 0; i < 20; i++) {
                            member(cache, P, "bob", () -> {
                                Optional<MemberView> seen = planner.get();
                                Thread.yield(); // the answer travels back while the removal commits
                                return seen;
                            });
                        }
                    }));
                }
                running.add(pool.submit(() -> {
                    await(go);
                    Thread.yield();
                    planner.set(Optional.empty()); // the planner commits the removal ...
                    cache.changed(P, "bob"); // ... and announces it
                }));
                go.countDown();
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(member(cache, P, "bob", Optional::empty)).as("round %d", round).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The cache's answer, with a lookup answering at once as the planner client's Uni would. */
    private static Optional<MemberView> member(AccessCache cache, String projectId, String subject,
            java.util.function.Supplier<Optional<MemberView>> lookup) {
        return cache.member(projectId, subject, () -> Uni.createFrom().item(lookup)).await().indefinitely();
    }

    private static Optional<VerifiedToken> token(AccessCache cache, String secret,
            java.util.function.Supplier<Optional<VerifiedToken>> verify) {
        return cache.token(secret, () -> Uni.createFrom().item(verify)).await().indefinitely();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Config(Duration timeToLive) implements GatewayConfig.AccessCache {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long maxEntries() {
            return 1000;
        }

        @Override
        public String channel() {
            return "peercode:access";
        }
    }
}
