package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Compares JSON numbers by value, not by representation: {@code 1}, {@code 1.0} and {@code 1e0} are equal, whether
 * Jackson holds them as an int, a long, a double or a BigDecimal. Doubles are read through their shortest decimal
 * form ({@code BigDecimal.valueOf}), so {@code 0.1} stays {@code 0.1}.
 */
final class NumericEquality {

    /** Above this many trailing zeros an integral key is written in scientific notation ({@code 1E+21}). */
    private static final int MAX_PLAIN_TRAILING_ZEROS = 20;

    private NumericEquality() {
    }

    /**
     * Whether {@code |a - b| <= tolerance}. With a tolerance above zero the difference is taken to 34 significant
     * digits ({@link MathContext#DECIMAL128}), which keeps the work bounded for numbers of very different scale.
     */
    static boolean equal(JsonNode a, JsonNode b, BigDecimal tolerance) {
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        if (x == null || y == null) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        if (x.compareTo(y) == 0) {
            return true;
        }
        return tolerance.signum() > 0 && x.subtract(y, MathContext.DECIMAL128).abs().compareTo(tolerance) <= 0;
    }

    /** One text per numeric value, so that {@code 42} and {@code 42.0} give the same key: {@code 42}. */
    static String canonicalText(JsonNode number) {
        BigDecimal value = decimal(number);
        if (value == null) {
            return number.asText();
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int scale = stripped.scale();
        return scale <= 0 && scale >= -MAX_PLAIN_TRAILING_ZEROS ? stripped.toPlainString() : stripped.toString();
    }

    /** The value, or {@code null} for NaN and infinities, which only non-standard JSON can carry. */
    private static BigDecimal decimal(JsonNode number) {
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return null;
        }
        return number.decimalValue();
    }
}
