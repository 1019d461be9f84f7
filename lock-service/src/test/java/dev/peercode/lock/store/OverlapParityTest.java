package dev.peercode.lock.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.rules.paths.PathPatterns;
import dev.peercode.rules.paths.RandomPatterns;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;

/**
 * The acquire script decides conflicts with the Lua copy of the overlap rule; this proves it is the
 * same rule as the property-tested Java one, on thousands of random pairs evaluated by the real
 * Redis.
 */
@QuarkusTest
class OverlapParityTest {

    private static final String PROBE = """
            local out = {}
            for i = 1, #ARGV, 2 do out[#out + 1] = overlaps(ARGV[i], ARGV[i + 1]) and 1 or 0 end
            return out
            """;

    @Inject
    RedisDataSource redis;

    @Test
    void luaAndJavaDecideOverlapAlike() {
        Random random = new Random(20261125);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String a = RandomPatterns.pattern(random);
            // every fourth pair compares a pattern with a path it surely locks
            String b = i % 4 == 0 ? RandomPatterns.lockedPath(a, random) : RandomPatterns.pattern(random);
            args.add(a);
            args.add(b);
        }
        List<String> command = new ArrayList<>(List.of(Script.resource("lib") + "\n" + PROBE, "0"));
        command.addAll(args);

        Response answer = redis.execute("EVAL", command.toArray(String[]::new));

        int overlapping = 0;
        for (int i = 0; i < args.size() / 2; i++) {
            String a = args.get(2 * i);
            String b = args.get(2 * i + 1);
            boolean java = PathPatterns.overlaps(a, b);
            assertThat(answer.get(i).toInteger() == 1).as("overlaps(%s, %s)", a, b).isEqualTo(java);
            overlapping += java ? 1 : 0;
        }
        // the sample exercises both answers
        assertThat(overlapping).isBetween(1000, 3500);
    }

    /** With a budget too small for some pairs, both spend it alike and answer alike. */
    @Test
    void luaAndJavaSpendTheBudgetAlike() {
        String probe = """
                local out = {}
                for i = 1, #ARGV, 3 do
                  set_overlap_budget(ARGV[i + 2])
                  out[#out + 1] = overlaps(ARGV[i], ARGV[i + 1]) and 1 or 0
                end
                return out
                """;
        Random random = new Random(20261201);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            args.add(RandomPatterns.pattern(random));
            args.add(RandomPatterns.pattern(random));
            args.add(Integer.toString(random.nextInt(15)));
        }
        List<String> command = new ArrayList<>(List.of(Script.resource("lib") + "\n" + probe, "0"));
        command.addAll(args);

        Response answer = redis.execute("EVAL", command.toArray(String[]::new));

        int spent = 0;
        for (int i = 0; i < args.size() / 3; i++) {
            String a = args.get(3 * i);
            String b = args.get(3 * i + 1);
            PathPatterns.Budget budget = new PathPatterns.Budget(Integer.parseInt(args.get(3 * i + 2)));
            boolean java = PathPatterns.overlaps(a, b, budget);
            assertThat(answer.get(i).toInteger() == 1).as("overlaps(%s, %s) with budget %s", a, b, args.get(3 * i + 2))
                    .isEqualTo(java);
            spent += budget.spent() ? 1 : 0;
        }
        // the sample exercises spent and unspent budgets
        assertThat(spent).isBetween(100, 2900);
    }
}
