package org.cnctwin.protocol;

import java.util.List;

/**
 * A message that passed validation, with the fields it carried that this version does not know.
 * Unknown fields are tolerated so newer devices can talk to older twins; callers count them.
 *
 * @param unknownFieldPaths JSONPaths such as {@code $.samples[0].oilPressureBar}
 */
public record Decoded<T>(T message, List<String> unknownFieldPaths) {

    public Decoded {
        unknownFieldPaths = List.copyOf(unknownFieldPaths);
    }
}
