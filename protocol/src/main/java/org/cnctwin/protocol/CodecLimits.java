package org.cnctwin.protocol;

import java.time.Duration;

/**
 * What the codec accepts beyond the field rules.
 *
 * @param maxPayloadBytes larger messages are refused before parsing; 128 KiB is AWS IoT Core's limit
 * @param maxSamplesPerBatch keeps one message's persist and fan-out bounded
 * @param maxClockSkew how far ahead of the receiver's clock a timestamp may be
 */
public record CodecLimits(int maxPayloadBytes, int maxSamplesPerBatch, Duration maxClockSkew) {

    public static final CodecLimits DEFAULT = new CodecLimits(128 * 1024, 250, Duration.ofHours(1));

    public CodecLimits {
        if (maxPayloadBytes <= 0 || maxSamplesPerBatch <= 0 || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("codec limits must be positive: " + maxPayloadBytes + ", " + maxSamplesPerBatch + ", " + maxClockSkew);
        }
    }
}
