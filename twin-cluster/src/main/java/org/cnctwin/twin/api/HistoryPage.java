package org.cnctwin.twin.api;

import java.util.List;

/**
 * One page of a twin's history (OpenAPI schema {@code HistoryPage}).
 *
 * @param next where the next request goes on ({@code after}), null at the end of what was asked for
 */
public record HistoryPage(List<HistoryEvent> events, Next next) {

    public record Next(long after) {}
}
