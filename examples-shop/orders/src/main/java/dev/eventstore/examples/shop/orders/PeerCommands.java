package dev.eventstore.examples.shop.orders;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Sends a command to another service: an HTTP POST of a JSON body carrying a command id.
 * {@link HttpPeers} is the real one; tests may stand in.
 */
@FunctionalInterface
public interface PeerCommands {

    /**
     * @param peer the service: {@code inventory}, {@code payments} or {@code shipping}
     * @param path the command's path, such as {@code /reservations}
     * @param body the command, {@code commandId} included
     * @return the answer, if 2xx or 422 (refused by a business rule)
     * @throws Exception if the service does not answer, or answers anything else: the caller (a
     *     reactor) backs off and sends the same command again
     */
    Reply send(String peer, String path, Map<String, Object> body) throws Exception;

    /**
     * A service's answer to a command.
     *
     * @param status the HTTP status: 2xx, or 422 for a command refused by a business rule
     * @param body the JSON body
     */
    record Reply(int status, JsonNode body) {

        /** @return true if the command was refused by a business rule (422) */
        public boolean refused() {
            return status == 422;
        }

        /** @return true if the receiver had handled this command id before and booked nothing now */
        public boolean alreadyHandled() {
            return body != null && body.path("alreadyHandled").asBoolean(false);
        }
    }
}
