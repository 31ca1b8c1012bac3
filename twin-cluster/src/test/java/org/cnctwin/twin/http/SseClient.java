package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream on a thread of its own, so the test waits for events with a timeout. */
public final class SseClient implements AutoCloseable {
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public SseClient(String url) {
        response = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(lines -> {
            String[] event = new String[2];
            lines.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    event[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    event[1] = line.substring(5).trim();
                } else if (line.isEmpty() && event[1] != null) {
                    events.add(event.clone());
                    event[0] = null;
                    event[1] = null;
                }
            });
        });
    }

    public JsonNode next(String type) throws Exception {
        return next(type, Duration.ofSeconds(10));
    }

    public JsonNode next(String type, Duration within) throws Exception {
        String[] event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an SSE event within " + within.toSeconds() + " s").isNotNull();
        assertThat(event[0]).isEqualTo(type);
        return Responses.JSON.readTree(event[1]);
    }

    @Override
    public void close() {
        response.thenAccept(lines -> lines.body().close());
    }
}
