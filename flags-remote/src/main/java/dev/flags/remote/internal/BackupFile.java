package dev.flags.remote.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * The last good document on disk, written atomically (temporary file, then rename), so it survives restarts. Its
 * modification time is when its document was last fetched or confirmed unchanged by the store: how old the flags
 * it serves are.
 */
final class BackupFile {

    private final Path path;

    BackupFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /** Replaces the file with this document, fetched at this time. */
    void write(String document, Instant fetched) throws IOException {
        Path directory = path.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, document, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(temporary, FileTime.from(fetched));
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Records that the store confirmed the document at this time (a 304, or the same document again). */
    void confirmed(Instant at) throws IOException {
        if (Files.isRegularFile(path)) {
            Files.setLastModifiedTime(path, FileTime.from(at));
        }
    }

    Optional<String> read() throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
    }

    /** When the store last gave or confirmed the document in the file. */
    Instant fetched() throws IOException {
        return Files.getLastModifiedTime(path).toInstant();
    }
}
