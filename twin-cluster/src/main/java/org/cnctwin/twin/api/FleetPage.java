package org.cnctwin.twin.api;

import java.util.List;

/**
 * One page of the fleet (OpenAPI schema {@code FleetPage}), machines in id order.
 *
 * @param total machines matching the filters
 */
public record FleetPage(int total, int offset, int limit, List<MachineSummary> machines) {}
