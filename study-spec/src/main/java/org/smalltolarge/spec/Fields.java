package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads from a parsed document. Each read either returns the value or records why it could not and
 * returns null, so one pass over the document finds every problem.
 */
final class Fields {

    private static final int MAX_SHOWN_CHARS = 40;

    private final Problems problems;

    Fields(Problems problems) {
        this.problems = problems;
    }

    static String child(String path, String key) {
        return path.isEmpty() || path.equals(FieldError.ROOT) ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** How a value looked, for "got ..." in messages: strings quoted, containers named by kind. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        String text = node.toString();
        return text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "...\"" : text;
    }

    /** The object at path, with every key outside {@code allowed} reported as an unknown field. */
    ObjectNode object(JsonNode node, String path, Set<String> allowed) {
        if (!(node instanceof ObjectNode obj)) {
            problems.add(path, "must be an object (a mapping), got " + describe(node));
            return null;
        }
        for (Map.Entry<String, JsonNode> property : obj.properties()) {
            String key = property.getKey();
            if (!allowed.contains(key)) {
                problems.add(child(path, key), "unknown field");
            }
        }
        return obj;
    }

    /** The value of a field; null (after reporting it) when the field is absent or explicitly null. */
    JsonNode required(ObjectNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            problems.add(child(parentPath, key), "required field is missing");
            return null;
        }
        return node;
    }

    /** The value of a field, or null when absent; an explicit null counts as absent (the default applies). */
    static JsonNode optional(ObjectNode parent, String key) {
        JsonNode node = parent.get(key);
        return node == null || node.isNull() ? null : node;
    }

    String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            problems.add(path, "must be a string, got " + describe(node));
            return null;
        }
        if (node.textValue().isBlank()) {
            problems.add(path, "must not be blank");
            return null;
        }
        return node.textValue();
    }

    String matching(JsonNode node, String path, String regex, String explanation) {
        String text = string(node, path);
        if (text != null && !text.matches(regex)) {
            problems.add(path, "must match " + regex + " (" + explanation + "), got " + describe(node));
            return null;
        }
        return text;
    }

    /** An integer; numbers written with an exponent (2e6) are accepted when their value is whole. */
    Long integer(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                problems.add(path, "must be at most " + Long.MAX_VALUE + ", got " + describe(node));
                return null;
            }
            return node.longValue();
        }
        if (node.isFloatingPointNumber()) {
            double value = node.doubleValue();
            if (Double.isFinite(value) && value == Math.rint(value)) {
                if (Math.abs(value) >= 0x1p63) {
                    problems.add(path, "must be at most " + Long.MAX_VALUE + ", got " + describe(node));
                    return null;
                }
                return (long) value;
            }
        }
        problems.add(path, "must be an integer, got " + describe(node));
        return null;
    }

    Long atLeast(JsonNode node, String path, long min) {
        Long value = integer(node, path);
        if (value != null && value < min) {
            problems.add(path, "must be " + (min == 1 ? "> 0" : ">= " + min) + ", got " + value);
            return null;
        }
        return value;
    }

    /** A positive integer that fits in an int (model dimensions, batch sizes). */
    Integer positiveInt(JsonNode node, String path) {
        Long value = atLeast(node, path, 1);
        if (value != null && value > Integer.MAX_VALUE) {
            problems.add(path, "must be at most " + Integer.MAX_VALUE + ", got " + value);
            return null;
        }
        return value == null ? null : value.intValue();
    }

    Double number(JsonNode node, String path) {
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            problems.add(path, "must be a number, got " + describe(node));
            return null;
        }
        return node.doubleValue();
    }

    ArrayNode list(JsonNode node, String path) {
        if (!(node instanceof ArrayNode array)) {
            problems.add(path, "must be a list, got " + describe(node));
            return null;
        }
        return array;
    }

    /**
     * Reads every element of a list of non-negative distinct integers (seeds), reporting bad and repeated
     * ones; null when any element was bad.
     */
    List<Long> distinctNonNegative(ArrayNode array, String path) {
        List<Long> values = new ArrayList<>();
        Map<Long, Integer> firstIndex = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            String itemPath = item(path, i);
            Long value = atLeast(array.get(i), itemPath, 0);
            if (value == null) {
                ok = false;
                continue;
            }
            Integer first = firstIndex.putIfAbsent(value, i);
            if (first != null) {
                problems.add(itemPath, "duplicate " + value + " (first at " + item(path, first) + ")");
                ok = false;
                continue;
            }
            values.add(value);
        }
        return ok ? values : null;
    }

    void report(String path, String reason) {
        problems.add(path, reason);
    }

    /** Compares names as written, so a repeated name shows even when one of the two items has other problems. */
    void reportDuplicateNames(ArrayNode items, String listPath) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode name = items.get(i).get("name");
            if (name == null || !name.isTextual()) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(name.textValue(), i);
            if (first != null) {
                problems.add(item(listPath, i) + ".name", "duplicate name '" + name.textValue()
                        + "' (first at " + item(listPath, first) + ")");
            }
        }
    }
}
