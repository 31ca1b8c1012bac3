package org.cnctwin.twin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API answers: JSON bodies of its own types (org.cnctwin.twin.api), and errors as
 * {@code application/problem+json} (RFC 9457) naming what was wrong and, where one field is at
 * fault, which ({@code field}).
 */
final class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    static final ContentType PROBLEM = ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    /** The API's JSON: ISO 8601 instants, nulls written out (the document says which fields may be null). */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** How long a request waits for a twin's answer. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private Responses() {}

    static Route json(StatusCode status, Object body) {
        return Directives.complete(HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes(body))));
    }

    static String text(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** RFC 9457: type, title, status, detail, and our {@code field} extension when one field is at fault (null when none). */
    static Route problem(StatusCode status, String title, String detail, String field) {
        return Directives.complete(problemResponse(status, title, detail, field));
    }

    static HttpResponse problemResponse(StatusCode status, String title, String detail, String field) {
        ObjectNode problem = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status.intValue())
                .put("detail", detail);
        if (field != null) {
            problem.put("field", field);
        }
        return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(PROBLEM, bytes(problem)));
    }

    /** Rejections as problem documents: 405 with Allow, 404 pointing at the API document, 413 for a body too large. */
    static RejectionHandler rejectionHandler(long maxBodyBytes) {
        return RejectionHandler.newBuilder()
                .handleAll(MethodRejection.class, rejections -> {
                    String allowed = rejections.stream().map(rejection -> rejection.supported().name()).distinct().collect(Collectors.joining(", "));
                    return Directives.respondWithHeader(HttpHeader.parse("Allow", allowed), () -> problem(StatusCodes.METHOD_NOT_ALLOWED,
                            "method not allowed", "this resource answers " + allowed, null));
                })
                .handle(MalformedRequestContentRejection.class, rejection -> rejection.getCause() instanceof EntityStreamSizeException
                        ? tooLarge(maxBodyBytes) : problem(StatusCodes.BAD_REQUEST, "unreadable body", rejection.message(), "$"))
                .handleNotFound(Directives.extractUri(uri -> problem(StatusCodes.NOT_FOUND, "not found", "nothing at " + uri.path()
                        + "; the API is described at /api/v1/openapi.json", null)))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(response -> response.entity().getContentType().equals(PROBLEM) || response.status().intValue() < 400
                        ? response : problemResponse(response.status(), response.status().reason(), "request rejected", null));
    }

    /** A failure no handler expected: logged, and answered 500 with its message. */
    static ExceptionHandler exceptionHandler(long maxBodyBytes) {
        return ExceptionHandler.newBuilder()
                .match(EntityStreamSizeException.class, e -> tooLarge(maxBodyBytes))
                .matchAny(e -> {
                    log.error("request failed", e);
                    return problem(StatusCodes.INTERNAL_SERVER_ERROR, "internal error", rootMessage(e), null);
                })
                .build();
    }

    static Route tooLarge(long maxBodyBytes) {
        return problem(StatusCodes.PAYLOAD_TOO_LARGE, "body too large", "request bodies are limited to " + maxBodyBytes + " bytes", "$");
    }

    /** The innermost cause's message, and what a timeout means to the caller. */
    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof TimeoutException ? "the twin did not answer within " + ASK_TIMEOUT.toSeconds() + " s" : cause.getMessage();
    }
}
