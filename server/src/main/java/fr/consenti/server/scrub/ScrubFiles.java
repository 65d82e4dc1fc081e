package fr.consenti.server.scrub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the files of jobs live: one folder per job under {@code consenti.scrub.dir} with the upload (deleted once
 * cleaned), the result and the report. Also makes the folder the servlet container streams multipart uploads to
 * ({@code spring.servlet.multipart.location}), which must exist before the first upload.
 */
@Component
final class ScrubFiles {

    static final String UPLOAD = "upload.csv";
    static final String RESULT = "result.csv";
    static final String REPORT = "report.json";

    private final Path root;

    ScrubFiles(ScrubSettings settings, @Value("${spring.servlet.multipart.location:}") String uploads) {
        this.root = (settings.dir() == null ? Path.of("data", "scrub") : settings.dir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            if (!uploads.isBlank()) {
                Files.createDirectories(Path.of(uploads));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file cleaning folders under " + root, e);
        }
    }

    Path dir(UUID job) {
        return root.resolve(job.toString());
    }

    Path upload(UUID job) {
        return dir(job).resolve(UPLOAD);
    }

    Path result(UUID job) {
        return dir(job).resolve(RESULT);
    }

    Path report(UUID job) {
        return dir(job).resolve(REPORT);
    }

    Path createDir(UUID job) {
        try {
            return Files.createDirectories(dir(job));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left for the purge.
        }
    }

    /** Deletes the job's folder and everything in it. */
    void deleteAll(UUID job) {
        Path dir = dir(job);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(this::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
