package dev.flags.server.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The usage tables: counts per environment, flag, definition ({@code since}), variant, event and UTC day; the last
 * evaluation of each flag; the guards tripped inside instances. Portable SQL, the same on PostgreSQL and H2.
 */
@Repository
public class UsageLog {

    /** One count to add: evaluations ({@code event} empty) or events of one variant on one day. */
    public record Count(String flag, long since, String variant, String event, long dayStart, long total) {
        static final Comparator<Count> ORDER = Comparator.comparing(Count::flag).thenComparingLong(Count::since)
                .thenComparing(Count::variant).thenComparing(Count::event).thenComparingLong(Count::dayStart);
    }

    /** A guard tripped inside an instance, as kept. */
    public record StoredTrip(String flag, long since, String instance, String app, String summary, Instant at,
            Instant received) {
    }

    /** A variant's totals: the evaluations that served it and the events counted against it. */
    public record Totals(long samples, long events) {
    }

    /**
     * Instance trips kept per definition of a flag: instance ids are the reporter's to choose, so without a bound a
     * read token could fill the table until the retention prunes it. A fleet's first thousand tell all there is.
     */
    public static final int MAX_TRIPS_PER_DEFINITION = 1_000;

    private static final int ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public UsageLog(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Adds the counts and moves each flag's last evaluation forward, in one transaction. Rows are taken in one
     * order, so concurrent reports queue rather than deadlock; two reports that both create a row race on its key,
     * and the loser tries again.
     */
    public void add(String environment, List<Count> counts, Map<String, Long> evaluatedAt) {
        List<Count> sorted = new ArrayList<>(counts);
        sorted.sort(Count.ORDER);
        TreeMap<String, Long> evaluated = new TreeMap<>(evaluatedAt);
        for (int attempt = 1;; attempt++) {
            try {
                transactions.executeWithoutResult(status -> {
                    addCounts(environment, sorted);
                    moveLastEvaluated(environment, evaluated);
                });
                return;
            } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void addCounts(String environment, List<Count> counts) {
        if (counts.isEmpty()) {
            return;
        }
        int[] updated = jdbc.batchUpdate("UPDATE usage_count SET total = total + ? WHERE environment = ? AND flag = ?"
                + " AND since_revision = ? AND variant = ? AND event = ? AND day_start = ?", counts, counts.size(),
                (statement, count) -> {
                    statement.setLong(1, count.total());
                    statement.setString(2, environment);
                    statement.setString(3, count.flag());
                    statement.setLong(4, count.since());
                    statement.setString(5, count.variant());
                    statement.setString(6, count.event());
                    statement.setLong(7, count.dayStart());
                })[0];
        List<Count> missing = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            if (updated[i] == 0) {
                missing.add(counts.get(i));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO usage_count (environment, flag, since_revision, variant, event, day_start, total)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", missing, missing.size(), (statement, count) -> {
                    statement.setString(1, environment);
                    statement.setString(2, count.flag());
                    statement.setLong(3, count.since());
                    statement.setString(4, count.variant());
                    statement.setString(5, count.event());
                    statement.setLong(6, count.dayStart());
                    statement.setLong(7, count.total());
                });
    }

    private void moveLastEvaluated(String environment, TreeMap<String, Long> evaluated) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(evaluated.entrySet());
        if (entries.isEmpty()) {
            return;
        }
        int[] updated = jdbc.batchUpdate("UPDATE flag_evaluated SET last_evaluated = GREATEST(last_evaluated, ?)"
                + " WHERE environment = ? AND flag = ?", entries, entries.size(), (statement, entry) -> {
                    statement.setLong(1, entry.getValue());
                    statement.setString(2, environment);
                    statement.setString(3, entry.getKey());
                })[0];
        List<Map.Entry<String, Long>> missing = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (updated[i] == 0) {
                missing.add(entries.get(i));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO flag_evaluated (environment, flag, last_evaluated) VALUES (?, ?, ?)", missing,
                missing.size(), (statement, entry) -> {
                    statement.setString(1, environment);
                    statement.setString(2, entry.getKey());
                    statement.setLong(3, entry.getValue());
                });
    }

    /**
     * Keeps a trip unless this instance already reported one for this definition of the flag, or
     * {@link #MAX_TRIPS_PER_DEFINITION} are kept for it already.
     */
    public void addTrip(String environment, String instance, String app, String flag, long since, String summary,
            Instant at, Instant received) {
        Integer kept = jdbc.queryForObject("SELECT COUNT(*) FROM guard_trip WHERE environment = ? AND flag = ?"
                + " AND since_revision = ?", Integer.class, environment, flag, since);
        if (kept != null && kept >= MAX_TRIPS_PER_DEFINITION) {
            return;
        }
        try {
            jdbc.update("INSERT INTO guard_trip (environment, flag, since_revision, instance, app, summary, tripped_at,"
                    + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", environment, flag, since, instance, app, summary,
                    at.toEpochMilli(), received.toEpochMilli());
        } catch (DuplicateKeyException alreadyKept) {
            // the instance reported this trip before
        }
    }

    /** Each variant's totals for the definitions from {@code since} on: evaluations and events named {@code event}. */
    public Map<String, Totals> totals(String environment, String flag, long since, String event) {
        Map<String, long[]> sums = new HashMap<>();
        jdbc.query("SELECT variant, event, SUM(total) FROM usage_count WHERE environment = ? AND flag = ?"
                + " AND since_revision >= ? AND event IN ('', ?) GROUP BY variant, event", row -> {
                    long[] sum = sums.computeIfAbsent(row.getString(1), variant -> new long[2]);
                    sum[row.getString(2).isEmpty() ? 0 : 1] += row.getLong(3);
                }, environment, flag, since, event);
        Map<String, Totals> totals = new TreeMap<>();
        sums.forEach((variant, sum) -> totals.put(variant, new Totals(sum[0], sum[1])));
        return totals;
    }

    /** The evaluations of each flag and variant on the days from {@code dayStart} on. */
    public Map<String, Map<String, Long>> evaluations(String environment, long dayStart) {
        Map<String, Map<String, Long>> evaluations = new TreeMap<>();
        jdbc.query("SELECT flag, variant, SUM(total) FROM usage_count WHERE environment = ? AND event = ''"
                + " AND day_start >= ? GROUP BY flag, variant", row -> {
                    evaluations.computeIfAbsent(row.getString(1), flag -> new TreeMap<>())
                            .put(row.getString(2), row.getLong(3));
                }, environment, dayStart);
        return evaluations;
    }

    /** The last evaluation of each flag ever reported. */
    public Map<String, Instant> lastEvaluated(String environment) {
        Map<String, Instant> last = new HashMap<>();
        jdbc.query("SELECT flag, last_evaluated FROM flag_evaluated WHERE environment = ?",
                row -> {
                    last.put(row.getString(1), Instant.ofEpochMilli(row.getLong(2)));
                }, environment);
        return last;
    }

    /** The trips kept, newest first, at most {@code limit}. */
    public List<StoredTrip> trips(String environment, int limit) {
        return jdbc.query("SELECT flag, since_revision, instance, app, summary, tripped_at, received_at FROM guard_trip"
                + " WHERE environment = ? ORDER BY received_at DESC, flag, instance LIMIT " + limit,
                (row, i) -> new StoredTrip(row.getString(1), row.getLong(2), row.getString(3), row.getString(4),
                        row.getString(5), Instant.ofEpochMilli(row.getLong(6)), Instant.ofEpochMilli(row.getLong(7))),
                environment);
    }

    /** Deletes the counts of days before {@code dayStart} and the trips received before {@code received}. */
    public void prune(long dayStart, long received) {
        jdbc.update("DELETE FROM usage_count WHERE day_start < ?", dayStart);
        jdbc.update("DELETE FROM guard_trip WHERE received_at < ?", received);
    }
}
