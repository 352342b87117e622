package lab.backpressure.consumer.processing;

import org.springframework.util.unit.DataSize;

/**
 * How large a batch may be, in items and in bytes of JSON. The byte limit is checked while the body is
 * read, so an oversized body is refused before it fills the heap; the item count once it is parsed.
 */
record BatchLimits(int maxItems, DataSize maxBytes) {

    /** Bean Validation has no constraint for a DataSize, so the byte limit is checked here, at startup. */
    public BatchLimits {
        if (maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("lab.consumer.max-batch-bytes must be positive, got " + maxBytes);
        }
    }

    void requireItemCount(int items) {
        if (items > maxItems) {
            throw new BatchTooLargeException("a batch may hold at most %d items, got %d".formatted(maxItems, items));
        }
    }

    void requireBytes(long bytes) {
        if (bytes > maxBytes.toBytes()) {
            throw new BatchTooLargeException("a batch may be at most %d bytes of JSON; this one is larger"
                    .formatted(maxBytes.toBytes()));
        }
    }
}
