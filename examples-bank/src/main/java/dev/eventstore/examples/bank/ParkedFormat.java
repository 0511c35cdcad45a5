package dev.eventstore.examples.bank;

import dev.eventstore.reactor.ParkedEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The {@code parked list} command's text: one line per parked event, the failed ones with their error. */
final class ParkedFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private ParkedFormat() {
    }

    /**
     * @param consumer the name the events are parked under
     * @param parked the parked events, by position
     * @return the text, ending with a line break
     */
    static String format(String consumer, List<ParkedEvent> parked) {
        StringBuilder text = new StringBuilder();
        if (parked.isEmpty()) {
            return text.append("No parked events of ").append(consumer).append('\n').toString();
        }
        long failed = parked.stream().filter(ParkedEvent::isHead).count();
        text.append(parked.size()).append(" parked event").append(parked.size() == 1 ? "" : "s").append(" of ")
                .append(consumer).append(" (").append(failed).append(" failed, ").append(parked.size() - failed)
                .append(" waiting)\n");
        text.append(String.format("%10s  %-24s  %-20s  %8s  %-20s  %s%n", "POSITION", "STREAM", "TYPE", "ATTEMPTS",
                "PARKED AT", "STATE"));
        for (ParkedEvent event : parked) {
            String state = event.isHead() ? "failed: " + oneLine(event.error())
                    : "waiting behind " + event.waitingBehind();
            text.append(String.format("%10d  %-24s  %-20s  %8d  %-20s  %s%n", event.position(), event.streamId(),
                    event.eventType(), event.attempts(), TIME.format(event.parkedAt()), state));
        }
        return text.toString();
    }

    private static String oneLine(String error) {
        if (error == null) {
            return "";
        }
        String line = error.replaceAll("\\s+", " ");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
