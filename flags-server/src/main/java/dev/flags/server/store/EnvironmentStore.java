package dev.flags.server.store;

import dev.flags.server.FlagServerProperties;
import dev.flags.server.store.Edit.Proposal;
import dev.flags.server.store.Edit.State;
import dev.flags.server.store.RevisionLog.Stored;
import dev.flags.server.store.WriteResult.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The environments: their newest revision rendered in memory (reads never touch the database), writes through the
 * {@link RevisionLog}, and {@link #refresh()} to follow writes made by other replicas.
 */
@Service
public class EnvironmentStore {

    private final RevisionLog log;
    private final ApplicationEventPublisher events;
    private final long maxDocumentBytes;
    private final Map<String, Snapshot> current = new ConcurrentHashMap<>();

    public EnvironmentStore(RevisionLog log, ApplicationEventPublisher events, FlagServerProperties properties) {
        this.log = log;
        this.events = events;
        this.maxDocumentBytes = properties.maxDocument().toBytes();
        log.ensureEnvironments(properties.environments());
        refresh();
    }

    /** The environments known, sorted. */
    public Set<String> environments() {
        return new TreeSet<>(current.keySet());
    }

    /** The newest revision of an environment, from memory. */
    public Snapshot snapshot(String environment) {
        Snapshot snapshot = current.get(environment);
        if (snapshot == null) {
            throw new StoreException.UnknownEnvironment(environment);
        }
        return snapshot;
    }

    /** Writes what {@code edit} proposes as a new revision, after checking it compiles; nothing is written on error. */
    public WriteResult write(String environment, String actor, String comment, String flag, Edit edit) {
        Snapshot before = snapshot(environment);
        Stored stored;
        try {
            stored = log.append(environment, actor, comment, edit, this::check);
        } catch (DataAccessException | TransactionException e) {
            throw new StoreException.Unavailable("the database cannot be reached, nothing was written ("
                    + e.getClass().getSimpleName() + "); reads go on from the last revision; try again shortly");
        }
        if (stored == null) {
            Snapshot now = snapshot(environment);
            return new WriteResult(now.revision(), flag == null ? null : now.versions().get(flag), false, List.of());
        }
        Snapshot after = Snapshot.render(environment, stored.entry().revision(), stored.document(), stored.versions(),
                stored.entry().flag(), stored.entry().action());
        install(after);
        return new WriteResult(after.revision(), flag == null ? null : after.versions().get(flag), true,
                changes(before.document(), after.document()));
    }

    /** What {@code edit} would write, against the revision in memory, without writing. */
    public WriteResult preview(String environment, String flag, Edit edit) {
        Snapshot now = snapshot(environment);
        Proposal proposal = edit.propose(new State(now.revision(), now.document().deepCopy(), now.versions()));
        if (proposal == null) {
            return new WriteResult(now.revision(), flag == null ? null : now.versions().get(flag), false, List.of());
        }
        ObjectNode after = check(proposal).document();
        List<Change> changes = changes(now.document(), after);
        Long version = flag == null || Definitions.flag(after, flag) == null ? null
                : changes.stream().anyMatch(change -> change.flag().equals(flag)) ? now.revision() + 1
                : now.versions().get(flag);
        return new WriteResult(now.revision() + 1, version, false, changes);
    }

    /** Newest first. */
    public List<Revision> history(String environment, String flag, int limit, Long before) {
        snapshot(environment);
        try {
            return log.history(environment, flag, limit, before);
        } catch (DataAccessException e) {
            throw new StoreException.Unavailable("the database cannot be reached to read the history ("
                    + e.getClass().getSimpleName() + "); try again shortly");
        }
    }

    /** One revision with its document, or {@link StoreException.NotFound}. */
    public Snapshot revision(String environment, long revision) {
        Snapshot now = snapshot(environment);
        if (revision == now.revision()) {
            return now;
        }
        Stored stored;
        try {
            stored = revision < 0 || revision > now.revision() ? null : log.load(environment, revision);
        } catch (DataAccessException e) {
            throw new StoreException.Unavailable("the database cannot be reached to read revision " + revision
                    + " (" + e.getClass().getSimpleName() + "); try again shortly");
        }
        if (stored == null) {
            throw new StoreException.NotFound("environment '" + environment + "' has no revision " + revision);
        }
        return Snapshot.render(environment, revision, stored.document(), stored.versions(), stored.entry().flag(),
                stored.entry().action());
    }

    /** The history entry of one revision. */
    public Revision entry(String environment, long revision) {
        try {
            Stored stored = log.load(environment, revision);
            if (stored == null) {
                throw new StoreException.NotFound("environment '" + environment + "' has no revision " + revision);
            }
            return stored.entry();
        } catch (DataAccessException e) {
            throw new StoreException.Unavailable("the database cannot be reached (" + e.getClass().getSimpleName()
                    + "); try again shortly");
        }
    }

    /**
     * Loads every environment whose newest revision in the database is newer than the one in memory (written
     * through another replica, or created by one). Throws {@link DataAccessException} when the database is down.
     */
    public void refresh() {
        for (Map.Entry<String, Long> head : log.heads().entrySet()) {
            Snapshot known = current.get(head.getKey());
            if (known == null || known.revision() < head.getValue()) {
                Stored stored = log.load(head.getKey(), head.getValue());
                if (stored != null) {
                    install(Snapshot.render(head.getKey(), head.getValue(), stored.document(), stored.versions(),
                            stored.entry().flag(), stored.entry().action()));
                }
            }
        }
    }

    /** Fails when the database cannot be reached. */
    public void ping() {
        log.ping();
    }

    private synchronized void install(Snapshot snapshot) {
        Snapshot known = current.get(snapshot.environment());
        if (known == null || known.revision() < snapshot.revision()) {
            current.put(snapshot.environment(), snapshot);
            events.publishEvent(new RevisionInstalled(snapshot));
        }
    }

    private Proposal check(Proposal proposal) {
        ObjectNode document = Definitions.canonical(proposal.document(), null);
        List<Definitions.FieldError> errors = Definitions.validate(document);
        if (!errors.isEmpty()) {
            throw new StoreException.Invalid("the change would leave a document that clients reject", errors);
        }
        int size = Definitions.size(document);
        if (size > maxDocumentBytes) {
            throw new StoreException.TooLarge("the document would be " + size + " bytes, over the limit of "
                    + maxDocumentBytes + " (flags.server.max-document)");
        }
        return new Proposal(Definitions.normalized(document), proposal.action(), proposal.flag());
    }

    private static List<Change> changes(ObjectNode before, ObjectNode after) {
        Map<String, ObjectNode> old = Definitions.flags(before);
        Map<String, ObjectNode> now = Definitions.flags(after);
        Set<String> keys = new TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(old.get(key), now.get(key))) {
                changes.add(new Change(key, old.get(key), now.get(key)));
            }
        }
        return changes;
    }

}
