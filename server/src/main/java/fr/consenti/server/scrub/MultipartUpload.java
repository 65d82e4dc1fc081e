package fr.consenti.server.scrub;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.web.multipart.MultipartFile;

/** A multipart part the container already streamed to disk (file-size-threshold 0): moved, never read in memory. */
record MultipartUpload(MultipartFile file) implements ScrubJobs.Upload {

    static MultipartUpload of(MultipartFile file) {
        return file == null ? null : new MultipartUpload(file);
    }

    @Override
    public String fileName() {
        return file.getOriginalFilename();
    }

    @Override
    public long size() {
        return file.getSize();
    }

    @Override
    public void moveTo(Path target) throws IOException {
        file.transferTo(target);
    }
}
