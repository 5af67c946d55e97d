package org.smalltolarge.spec;

import java.math.BigDecimal;
import java.math.MathContext;

/** Short scientific notation for big counts in messages ("1.3e12"), with enough digits to tell two apart. */
final class Scientific {

    private static final int MAX_DIGITS = 6;

    private Scientific() {
    }

    /**
     * Formats both numbers with the fewest significant digits (at least 2) at which they differ, or as whole
     * numbers when even {@value #MAX_DIGITS} digits would show them equal.
     */
    static String[] pair(double value, double limit) {
        for (int digits = 2; digits <= MAX_DIGITS; digits++) {
            String a = format(value, digits);
            String b = format(limit, digits);
            if (!a.equals(b)) {
                return new String[] {a, b};
            }
        }
        // Too close for short notation to tell apart: show both in full.
        return new String[] {new BigDecimal(value).toBigInteger().toString(), new BigDecimal(limit).toBigInteger().toString()};
    }

    /** {@code format(1.3e12, 2)} gives {@code 1.3e12}; always one digit before the point. */
    static String format(double value, int significantDigits) {
        if (value == 0) {
            return "0.0e0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(significantDigits));
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).setScale(significantDigits - 1);
        return mantissa.toPlainString() + "e" + exponent;
    }
}
