package org.cnctwin.protocol;

import java.time.Instant;

/**
 * A message that could not be accepted, as copied to {@link Topics#deadLetter}: the original
 * bytes (Base64 in JSON, so nothing is lost for a replay) and why it was refused.
 *
 * @param path where in the message the problem is, as in {@link InvalidMessageException#path()}
 */
public record DeadLetter(String sourceTopic, Instant receivedAt, String path, String reason, byte[] payload) {

    public static DeadLetter of(String sourceTopic, Instant receivedAt, InvalidMessageException problem, byte[] payload) {
        return new DeadLetter(sourceTopic, receivedAt, problem.path(), problem.reason(), payload);
    }
}
