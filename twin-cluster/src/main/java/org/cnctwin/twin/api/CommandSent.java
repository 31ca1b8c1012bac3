package org.cnctwin.twin.api;

/** What {@code POST /machines/{id}/faults} answers (OpenAPI schema {@code CommandSent}): the command's id and the topic it went to. */
public record CommandSent(String commandId, String topic) {}
