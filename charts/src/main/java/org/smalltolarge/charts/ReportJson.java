package org.smalltolarge.charts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lenient reads of a stored JSON report, for pages that must render whatever an older or partial report holds: a
 * missing field, a JSON null, a NaN or infinity (MongoDB stores them as {@code {"$numberDouble": "NaN"}}, an
 * object) and a value of the wrong type all read as null, and the page says "undefined" instead of failing.
 */
public final class ReportJson {
    private ReportJson() {
    }

    /** A finite number, else null. */
    public static Double finite(JsonNode v) {
        return v != null && v.isNumber() && Double.isFinite(v.doubleValue()) ? v.doubleValue() : null;
    }

    public static Double number(JsonNode parent, String field) {
        return finite(parent.get(field));
    }

    public static Integer integer(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        return v != null && v.isIntegralNumber() && v.canConvertToInt() ? v.intValue() : null;
    }

    public static Long longValue(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : null;
    }

    /** A scalar as text (numbers and booleans too), else null. */
    public static String text(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
