package dev.peercode.rules.tasks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Task dependency graph algorithms: pure, deterministic (ids iterated in sorted order). The planner refuses cycles and
 * names the critical path in its replan analysis; the web UI's dependency picture draws the same path.
 */
public final class DependencyGraph {

    private DependencyGraph() {
    }

    /** One cycle as a path {@code a → b → … → a} (first id repeated at the end), if any. */
    public static Optional<List<String>> findCycle(Map<String, ? extends Set<String>> dependsOn) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
        for (String start : new TreeMap<>(dependsOn).keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            // Iterative DFS: long dependency chains must not overflow the stack.
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(sortedDeps(dependsOn, start).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                var it = iterators.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        path.push(next);
                        iterators.push(sortedDeps(dependsOn, next).iterator());
                    } else if (s == 1) {
                        List<String> cycle = new ArrayList<>();
                        List<String> stack = new ArrayList<>(path);
                        Collections.reverse(stack);
                        cycle.addAll(stack.subList(stack.indexOf(next), stack.size()));
                        cycle.add(next);
                        return Optional.of(cycle);
                    }
                } else {
                    state.put(path.pop(), 2);
                    iterators.pop();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The longest chain of unfinished tasks, following dependencies (first = must be done first). Empty
     * when the graph has a cycle.
     */
    public static List<String> longestChain(Map<String, ? extends Set<String>> dependsOn, Set<String> unfinished) {
        if (findCycle(dependsOn).isPresent()) {
            return List.of();
        }
        Map<String, List<String>> memo = new HashMap<>();
        List<String> best = List.of();
        for (String id : new TreeMap<>(dependsOn).keySet()) {
            if (unfinished.contains(id)) {
                List<String> chain = chainEndingAt(id, dependsOn, unfinished, memo);
                if (chain.size() > best.size()) {
                    best = chain;
                }
            }
        }
        return best;
    }

    private static List<String> chainEndingAt(String id, Map<String, ? extends Set<String>> dependsOn,
            Set<String> unfinished, Map<String, List<String>> memo) {
        List<String> known = memo.get(id);
        if (known != null) {
            return known;
        }
        List<String> best = List.of();
        for (String dep : sortedDeps(dependsOn, id)) {
            if (unfinished.contains(dep)) {
                List<String> chain = chainEndingAt(dep, dependsOn, unfinished, memo);
                if (chain.size() > best.size()) {
                    best = chain;
                }
            }
        }
        List<String> result = new ArrayList<>(best);
        result.add(id);
        memo.put(id, result);
        return result;
    }

    private static List<String> sortedDeps(Map<String, ? extends Set<String>> dependsOn, String id) {
        Set<String> deps = dependsOn.get(id);
        return deps == null ? List.of() : deps.stream().sorted().toList();
    }
}
