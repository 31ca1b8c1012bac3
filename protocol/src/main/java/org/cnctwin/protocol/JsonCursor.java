package org.cnctwin.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one JSON object field by field, checking each value where it is read, so that every
 * rejection names its exact JSONPath. Fields this version does not read are reported, not refused.
 */
final class JsonCursor {

    private final JsonNode node;
    private final String path;
    private final List<String> unknownFieldPaths;
    private final List<String> readFieldNames = new ArrayList<>();
    private int presentFieldsRead;

    private JsonCursor(JsonNode node, String path, List<String> unknownFieldPaths) {
        if (!node.isObject()) {
            throw new InvalidMessageException(path, "expected an object, was " + describe(node));
        }
        this.node = node;
        this.path = path;
        this.unknownFieldPaths = unknownFieldPaths;
    }

    static JsonCursor root(JsonNode node, List<String> unknownFieldPaths) {
        return new JsonCursor(node, "$", unknownFieldPaths);
    }

    String path() {
        return path;
    }

    String fieldPath(String name) {
        return path + '.' + name;
    }

    InvalidMessageException violation(String name, String reason) {
        return new InvalidMessageException(fieldPath(name), reason);
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    // ---- required values

    String string(String name, int minLength, int maxLength) {
        String value = textOf(name, required(name));
        checkLength(name, value, minLength, maxLength);
        return value;
    }

    String string(String name, Pattern pattern, String expectation) {
        String value = textOf(name, required(name));
        if (!pattern.matcher(value).matches()) {
            throw violation(name, "must be " + expectation + ", was " + Quoting.quote(value));
        }
        return value;
    }

    double number(String name, double min, double max) {
        return numberOf(name, required(name), min, max);
    }

    long integer(String name, long min, long max) {
        JsonNode value = required(name);
        if (!value.isNumber() || !isWhole(value)) {
            throw violation(name, "expected an integer, was " + describe(value));
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw violation(name, "must be between " + min + " and " + max + ", was " + value.asText());
        }
        return value.longValue();
    }

    int smallInteger(String name, int min, int max) {
        return (int) integer(name, min, max);
    }

    Instant timestamp(String name, Instant notBefore, Instant notAfter) {
        String text = textOf(name, required(name));
        Instant instant;
        try {
            instant = Timestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw violation(name, "expected an RFC 3339 date-time such as 2026-01-31T12:00:00.000Z, was " + Quoting.quote(text));
        }
        if (instant.isBefore(notBefore)) {
            throw violation(name, "must not be before " + notBefore + ", was " + text);
        }
        if (instant.isAfter(notAfter)) {
            throw violation(name, "must not be after " + notAfter + " (the receiver's clock plus the allowed skew), was " + text);
        }
        return instant;
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String text = textOf(name, required(name));
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw violation(name, "expected one of " + names(type) + ", was " + Quoting.quote(text));
        }
    }

    JsonCursor object(String name) {
        return new JsonCursor(required(name), fieldPath(name), unknownFieldPaths);
    }

    /** Reads an array of objects, each through {@code element}, with at most {@code maxItems}. */
    <T> List<T> objects(String name, int minItems, int maxItems, Function<JsonCursor, T> element) {
        JsonNode array = array(name, minItems, maxItems);
        List<T> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonCursor item = new JsonCursor(array.get(i), fieldPath(name) + '[' + i + ']', unknownFieldPaths);
            items.add(element.apply(item));
            item.finish();
        }
        return items;
    }

    /** Reads an array of strings, each matching {@code pattern}. */
    List<String> strings(String name, int maxItems, Pattern pattern, String expectation) {
        JsonNode array = array(name, 0, maxItems);
        List<String> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemPath = fieldPath(name) + '[' + i + ']';
            if (!item.isTextual()) {
                throw new InvalidMessageException(itemPath, "expected a string, was " + describe(item));
            }
            if (!pattern.matcher(item.textValue()).matches()) {
                throw new InvalidMessageException(itemPath, "must be " + expectation + ", was " + Quoting.quote(item.textValue()));
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** Reads an object whose keys are the names of {@code keyType} and whose values are numbers. */
    <K extends Enum<K>> Map<K, Double> numbersByName(String name, Class<K> keyType, boolean allKeysRequired, double min, double max) {
        JsonCursor object = object(name);
        Map<K, Double> values = new EnumMap<>(keyType);
        for (K key : keyType.getEnumConstants()) {
            if (allKeysRequired || object.has(key.name())) {
                values.put(key, object.number(key.name(), min, max));
            }
        }
        object.finish();
        return values;
    }

    // ---- optional values: absent (or null) gives the default

    String optionalString(String name, int maxLength, String absent) {
        return has(name) ? string(name, 0, maxLength) : absent;
    }

    double optionalNumber(String name, double min, double max, double absent) {
        return has(name) ? number(name, min, max) : absent;
    }

    int optionalSmallInteger(String name, int min, int max, int absent) {
        return has(name) ? smallInteger(name, min, max) : absent;
    }

    <K extends Enum<K>> Map<K, Double> optionalNumbersByName(String name, Class<K> keyType, double min, double max) {
        return has(name) ? numbersByName(name, keyType, false, min, max) : Map.of();
    }

    /** Records every field of this object that was not read as unknown. Call after reading. */
    void finish() {
        if (node.size() == presentFieldsRead) {
            return; // the common case: every field was known
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!readFieldNames.contains(name)) {
                unknownFieldPaths.add(fieldPath(name));
            }
        }
    }

    // ---- helpers

    private JsonNode required(String name) {
        readFieldNames.add(name);
        JsonNode value = node.get(name);
        if (value == null) {
            throw violation(name, "required field is missing");
        }
        presentFieldsRead++;
        if (value.isNull()) {
            throw violation(name, "must not be null");
        }
        return value;
    }

    private JsonNode array(String name, int minItems, int maxItems) {
        JsonNode array = required(name);
        if (!array.isArray()) {
            throw violation(name, "expected an array, was " + describe(array));
        }
        if (array.size() < minItems) {
            throw violation(name, "must hold at least " + minItems + " item(s), had " + array.size());
        }
        if (array.size() > maxItems) {
            throw violation(name, "must hold at most " + maxItems + " item(s), had " + array.size());
        }
        return array;
    }

    private String textOf(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw violation(name, "expected a string, was " + describe(value));
        }
        return value.textValue();
    }

    private void checkLength(String name, String value, int minLength, int maxLength) {
        int length = value.codePointCount(0, value.length());
        if (length < minLength || length > maxLength) {
            throw violation(name, "must be " + minLength + "-" + maxLength + " characters long, was " + length);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20) {
                throw violation(name, "must not contain control characters, had one at index " + i);
            }
        }
    }

    private double numberOf(String name, JsonNode value, double min, double max) {
        if (!value.isNumber()) {
            throw violation(name, "expected a number, was " + describe(value));
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw violation(name, "must be a finite number, was " + number);
        }
        if (number < min) {
            throw violation(name, "must be >= " + format(min) + ", was " + format(number));
        }
        if (number > max) {
            throw violation(name, "must be <= " + format(max) + ", was " + format(number));
        }
        return number;
    }

    private static boolean isWhole(JsonNode number) {
        // JSON Schema's "integer" accepts 12.0, so the codec does too.
        return number.isIntegralNumber() || (Double.isFinite(number.doubleValue()) && number.doubleValue() == Math.rint(number.doubleValue()));
    }

    private static String format(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? String.valueOf((long) number) + ".0" : String.valueOf(number);
    }

    private static String names(Class<? extends Enum<?>> type) {
        StringBuilder names = new StringBuilder();
        for (Enum<?> constant : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(constant.name());
        }
        return names.toString();
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string " + Quoting.quote(value.textValue());
            case NUMBER -> "a number " + value.asText();
            case BOOLEAN -> "a boolean " + value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
