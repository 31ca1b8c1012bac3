package org.cnctwin.twin.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API's routes, made from its OpenAPI document ({@code openapi.json}): each operation there
 * is served by the handler of its {@code operationId}, for callers with the role its
 * {@code x-role} names, so the document and the server cannot drift apart (a document operation
 * without a handler, or a handler without an operation, refuses to start). A wrong method on a
 * known path is 405, an unknown path 404.
 */
final class OpenApiRouter extends AllDirectives {

    /** The OpenAPI document, read once. */
    static final JsonNode OPENAPI = readOpenApi();

    /** One operation of the document. */
    record Operation(HttpMethod method, String pathTemplate, String operationId, String role) {}

    /** Answers one operation, given its path parameters by name. */
    interface Handler extends Function<Map<String, String>, Route> {}

    private final ApiAuth auth;
    private final Map<String, Handler> handlers;

    OpenApiRouter(ApiAuth auth, Map<String, Handler> handlers) {
        this.auth = auth;
        this.handlers = Map.copyOf(handlers);
        Set<String> documented = operations().stream().map(Operation::operationId).collect(Collectors.toSet());
        if (!documented.equals(handlers.keySet())) {
            throw new IllegalStateException("openapi.json and the handlers disagree: documented " + documented + ", handled " + handlers.keySet());
        }
    }

    /** Every operation of the document, in its order. */
    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        OPENAPI.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> operations.add(new Operation(
                HttpMethods.lookup(method.getKey().toUpperCase(Locale.ROOT)).orElseThrow(), path.getKey(),
                method.getValue().get("operationId").asText(), method.getValue().get("x-role").asText()))));
        return operations;
    }

    /** Every operation, by path template. */
    Route route() {
        Map<String, List<Operation>> byPath = operations().stream().collect(Collectors.groupingBy(Operation::pathTemplate, LinkedHashMap::new,
                Collectors.toList()));
        return firstOf(byPath.entrySet().stream().map(entry -> at(entry.getKey(), entry.getValue())).toList());
    }

    /** The operations of one path template: the path first, so a wrong method on a known path is 405 and an unknown path 404. */
    private Route at(String template, List<Operation> operations) {
        String[] parts = template.substring(1).split("/");
        return extractUri(uri -> {
            List<String> segments = new ArrayList<>();
            uri.pathSegments().forEach(segments::add);
            if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
                segments.remove(segments.size() - 1); // a trailing slash
            }
            if (segments.size() != parts.length) {
                return reject();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int index = 0; index < parts.length; index++) {
                String part = parts[index];
                if (part.startsWith("{")) {
                    parameters.put(part.substring(1, part.length() - 1), segments.get(index));
                } else if (!part.equals(segments.get(index))) {
                    return reject();
                }
            }
            return firstOf(operations.stream().map(operation -> method(operation.method(), () -> authorized(operation.role(),
                    () -> handlers.get(operation.operationId()).apply(parameters)))).toList());
        });
    }

    /** The first of {@code routes} that takes the request (Pekko's concat takes a first route and varargs). */
    static Route firstOf(List<Route> routes) {
        return Directives.concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
    }

    /** The bearer token from the Authorization header, or from {@code access_token} for EventSource, which cannot send headers. */
    private Route authorized(String requiredRole, Supplier<Route> inner) {
        if (requiredRole.equals("public")) {
            return inner.get();
        }
        ApiAuth.Role required = ApiAuth.Role.valueOf(requiredRole.toUpperCase(Locale.ROOT));
        return optionalHeaderValueByName("Authorization", header -> parameterOptional("access_token", query -> {
            Optional<String> token = header.filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7)).map(value -> value.substring(7).trim())
                    .or(() -> query);
            Optional<ApiAuth.Role> role = auth.roleOf(token);
            if (role.isEmpty()) {
                return respondWithHeader(HttpHeader.parse("WWW-Authenticate", "Bearer realm=\"cnc-twin\""), () -> Responses.problem(
                        StatusCodes.UNAUTHORIZED, "authentication required",
                        token.isEmpty() ? "send Authorization: Bearer <token>" : "the bearer token is not valid", null));
            }
            if (!role.get().allows(required)) {
                return Responses.problem(StatusCodes.FORBIDDEN, "not allowed", "this needs the " + requiredRole + " role; the token has "
                        + role.get().name().toLowerCase(Locale.ROOT), null);
            }
            return inner.get();
        }));
    }

    private static JsonNode readOpenApi() {
        try (InputStream in = OpenApiRouter.class.getResourceAsStream("/openapi.json")) {
            return Responses.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json is missing from the class path", e);
        }
    }
}
