package dev.eventstore.internal;

import dev.eventstore.RecordedEvent;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Turns a page-at-a-time reader into a lazy {@link Stream} that holds one page at most. */
public final class Paging {

    /**
     * Reads one page.
     */
    @FunctionalInterface
    public interface PageReader {
        /**
         * @param last the last event of the previous page, or null for the first page
         * @param limit the most events to return, at least 1
         * @return the next events; fewer than {@code limit} means there are no more
         */
        List<RecordedEvent> next(RecordedEvent last, int limit);
    }

    private Paging() {
    }

    /**
     * @param maxCount the most events the stream yields in all
     * @param pageSize the most events fetched at once
     * @param reader fetches pages
     * @return a stream that calls {@code reader} only as it is consumed
     */
    public static Stream<RecordedEvent> stream(long maxCount, int pageSize, PageReader reader) {
        if (maxCount == 0) {
            return Stream.empty();
        }
        Spliterator<RecordedEvent> pages = new PageSpliterator(maxCount, pageSize, reader);
        return StreamSupport.stream(pages, false);
    }

    private static final class PageSpliterator extends Spliterators.AbstractSpliterator<RecordedEvent> {
        private final int pageSize;
        private final PageReader reader;
        private long remaining;
        private Iterator<RecordedEvent> page = java.util.Collections.emptyIterator();
        private RecordedEvent last;
        private boolean exhausted;

        PageSpliterator(long maxCount, int pageSize, PageReader reader) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
            this.remaining = maxCount;
            this.pageSize = pageSize;
            this.reader = reader;
        }

        @Override
        public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
            if (remaining <= 0) {
                return false;
            }
            if (!page.hasNext()) {
                if (exhausted) {
                    return false;
                }
                int limit = (int) Math.min(pageSize, remaining);
                List<RecordedEvent> next = reader.next(last, limit);
                if (next.size() < limit) {
                    exhausted = true;
                }
                if (next.isEmpty()) {
                    return false;
                }
                page = next.iterator();
            }
            RecordedEvent event = page.next();
            last = event;
            remaining--;
            action.accept(event);
            return true;
        }
    }
}
