package dev.peercode.rules.paths;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * An independent oracle of pattern overlap: the search over the product of both patterns' positions
 * (memoised, O(n·m) per level) that the service used before its overlap rule became linear and
 * budgeted. Too slow for Redis on long patterns, plainly right on the small random ones of the tests.
 */
final class ProductSearchOverlap {

    private ProductSearchOverlap() {
    }

    static boolean overlaps(String a, String b) {
        return intersects(Arrays.asList(a.split("/")), Arrays.asList(b.split("/")), "**"::equals,
                ProductSearchOverlap::segmentsOverlap);
    }

    private static boolean segmentsOverlap(String a, String b) {
        return intersects(units(a), units(b), "*"::equals, (x, y) -> x.equals(y) || x.equals("?") || y.equals("?"));
    }

    private static List<String> units(String segment) {
        return segment.codePoints().mapToObj(Character::toString).toList();
    }

    private static boolean intersects(List<String> a, List<String> b, Predicate<String> star,
            BiPredicate<String, String> compatible) {
        return go(a, b, 0, 0, star, compatible, new Boolean[a.size() + 1][b.size() + 1]);
    }

    private static boolean go(List<String> a, List<String> b, int i, int j, Predicate<String> star,
            BiPredicate<String, String> compatible, Boolean[][] memo) {
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        boolean aEnd = i == a.size();
        boolean bEnd = j == b.size();
        boolean result;
        if (aEnd && bEnd) {
            result = true;
        } else if (!aEnd && star.test(a.get(i))) {
            result = go(a, b, i + 1, j, star, compatible, memo) || (!bEnd && go(a, b, i, j + 1, star, compatible, memo));
        } else if (!bEnd && star.test(b.get(j))) {
            result = go(a, b, i, j + 1, star, compatible, memo) || (!aEnd && go(a, b, i + 1, j, star, compatible, memo));
        } else if (aEnd || bEnd) {
            result = false;
        } else {
            result = compatible.test(a.get(i), b.get(j)) && go(a, b, i + 1, j + 1, star, compatible, memo);
        }
        memo[i][j] = result;
        return result;
    }
}
