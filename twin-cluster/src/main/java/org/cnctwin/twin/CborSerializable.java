package org.cnctwin.twin;

/** Marks what Pekko serialises with Jackson CBOR: commands, events and state that cross nodes or reach the journal. */
public interface CborSerializable {}
