package dev.flags.internal;

import dev.flags.FlagSource;
import dev.flags.InvalidFlagDocumentException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document in a file, followed live by one daemon thread. The thread wakes on file system events for the
 * file's directory (which also sees a file renamed over the old one) and at least every check interval
 * (file systems that report nothing, such as some network mounts). A change is read only once the file has
 * stopped changing for a moment, and again if it changed during the read, so a writer caught mid-write is not
 * taken at its word; anything that still fails validation is rejected whole.
 */
public final class FileFlagSource implements FlagSource {

    private static final Logger log = LoggerFactory.getLogger(FileFlagSource.class);
    /** How long a changed file must stay unchanged before it is read. */
    static final long SETTLE_MILLIS = 50;

    private final Path path;
    private final String name;
    private final long checkMillis;
    private volatile boolean closed;
    private Thread thread;
    private WatchService watcher;

    // Only touched by the starting thread, then by the watch thread.
    private Listener listener;
    private Stamp seen;
    private String accepted;
    private String rejected;
    /** Whether the client was last told all is well: false after a failure or a rejected document. */
    private boolean healthy;
    /** The failure last reported, so a file that stays missing is reported once. */
    private String reportedFailure;

    /** What identifies one version of the file without reading it. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
    }

    public FileFlagSource(Path path, Duration checkInterval) {
        this.path = path.toAbsolutePath().normalize();
        this.name = "file:" + this.path;
        this.checkMillis = Math.max(1, checkInterval.toMillis());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        checkSafely(false);
        watcher = watch();
        thread = new Thread(this::run, "flags-file-" + path.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private WatchService watch() {
        Path directory = path.getParent();
        try {
            WatchService service = path.getFileSystem().newWatchService();
            directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            log.info("Cannot watch {} for changes ({}); checking it every {} ms instead", directory, e.getMessage(),
                    checkMillis);
            return null;
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (watcher == null) {
                    Thread.sleep(checkMillis);
                } else {
                    WatchKey key = watcher.poll(checkMillis, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
                checkSafely(true);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    /**
     * Checks the file, surviving anything the check throws (a document that overflows the stack, a listener's
     * Error): the thread goes on following the file, and the client is told, so that status() says so.
     */
    private void checkSafely(boolean settle) {
        try {
            check(settle);
        } catch (Throwable e) {
            String message = "unexpected failure: " + e;
            if (!(message + ": " + path).equals(reportedFailure)) {
                log.warn("Unexpected failure following {}", name, e);
            }
            try {
                fail(message, e);
            } catch (Throwable ignored) {
                // The client could not even be told; the next check tries again.
            }
        }
    }

    /** Delivers the file if it changed since last seen. */
    private void check(boolean settle) {
        Stamp before = stamp();
        if (before == null) {
            fail("file not found", null);
            return;
        }
        if (before.equals(seen)) {
            return;
        }
        String text;
        try {
            if (settle) {
                Thread.sleep(SETTLE_MILLIS);
                if (!before.equals(stamp())) {
                    return;
                }
            }
            text = Files.readString(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (CharacterCodingException e) {
            fail("not UTF-8 text", e);
            return;
        } catch (NoSuchFileException e) {
            fail("file not found", e);
            return;
        } catch (IOException e) {
            fail("cannot read: " + e.getMessage(), e);
            return;
        }
        if (!before.equals(stamp())) {
            return;
        }
        seen = before;
        deliver(text);
    }

    private void deliver(String text) {
        if (text.equals(accepted)) {
            if (!healthy) {
                healthy = true;
                reportedFailure = null;
                listener.onUnchanged();
            }
            return;
        }
        if (text.equals(rejected)) {
            return;
        }
        try {
            if (!listener.onDocument(text)) {
                rejected = text; // older than what the client applied: do not offer it again
                return;
            }
            accepted = text;
            rejected = null;
            healthy = true;
            reportedFailure = null;
        } catch (InvalidFlagDocumentException e) {
            rejected = text;
            healthy = false;
        }
    }

    private void fail(String message, Throwable cause) {
        seen = null;
        rejected = null;
        String failure = message + ": " + path;
        if (healthy || !failure.equals(reportedFailure)) {
            healthy = false;
            reportedFailure = failure;
            listener.onFailure(failure, cause);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
            try {
                if (watcher != null) {
                    watcher.close();
                }
            } catch (IOException e) {
                log.debug("Closing the watch service of {}", name, e);
            }
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "FileFlagSource[" + name + "]";
    }
}
