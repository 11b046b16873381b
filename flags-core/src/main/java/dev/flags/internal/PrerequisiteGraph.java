package dev.flags.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The prerequisites of a document's flags as a graph: its cycles and its longest chains, found without recursion
 * (a chain thousands of flags long must not overflow the stack of the thread that checks it).
 */
final class PrerequisiteGraph {

    private final Map<String, List<String>> edges;
    /** The longest chain from each flag, as the next flag along it (absent at the chain's end). */
    private final Map<String, String> next = new HashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();

    /** @param edges each flag's key to the keys of the flags it requires (keys this document defines) */
    PrerequisiteGraph(Map<String, List<String>> edges) {
        this.edges = edges;
    }

    /** The first cycle found, as {@code a, b, ..., a} (keys in sorted order decide which), or null. */
    List<String> cycle() {
        Set<String> done = new HashSet<>();
        for (String start : new TreeSet<>(edges.keySet())) {
            if (done.contains(start)) {
                continue;
            }
            // The path from start, and for each flag on it the index of the next prerequisite to follow.
            List<String> path = new ArrayList<>();
            Deque<Integer> positions = new ArrayDeque<>();
            Set<String> onPath = new HashSet<>();
            path.add(start);
            onPath.add(start);
            positions.push(0);
            while (!path.isEmpty()) {
                String key = path.get(path.size() - 1);
                List<String> required = edges.getOrDefault(key, List.of());
                int position = positions.pop();
                if (position == required.size()) {
                    done.add(key);
                    int chain = 0;
                    for (String child : required) {
                        int childDepth = depth.get(child) + 1;
                        if (childDepth > chain) {
                            chain = childDepth;
                            next.put(key, child);
                        }
                    }
                    depth.put(key, chain);
                    onPath.remove(key);
                    path.remove(path.size() - 1);
                    continue;
                }
                positions.push(position + 1);
                String child = required.get(position);
                if (onPath.contains(child)) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(child), path.size()));
                    cycle.add(child);
                    return cycle;
                }
                if (!done.contains(child)) {
                    path.add(child);
                    onPath.add(child);
                    positions.push(0);
                }
            }
        }
        return null;
    }

    /**
     * The longest chain from every flag that no other flag requires, when it is more than {@code limit}
     * prerequisites long; each chain as the keys along it. Call after {@link #cycle()} found none.
     */
    List<List<String>> chainsDeeperThan(int limit) {
        Set<String> required = new HashSet<>();
        edges.values().forEach(required::addAll);
        List<List<String>> chains = new ArrayList<>();
        for (String root : new TreeSet<>(edges.keySet())) {
            if (required.contains(root) || depth.getOrDefault(root, 0) <= limit) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            for (String key = root; key != null; key = next.get(key)) {
                chain.add(key);
            }
            chains.add(chain);
        }
        return chains;
    }

    /** A chain for a message: its first flags, and its last when it is long. */
    static String abbreviated(List<String> chain) {
        if (chain.size() <= 8) {
            return String.join(" -> ", chain);
        }
        return String.join(" -> ", chain.subList(0, 5)) + " -> ... -> " + chain.get(chain.size() - 1);
    }
}
