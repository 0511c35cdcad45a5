package dev.eventstore.examples.bank;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Amounts of money: exact decimals with two places, never {@code double}. Events and commands carry
 * {@link BigDecimal}s; the read model stores whole cents in {@code BIGINT} columns, because SQLite has
 * no exact decimal type (its {@code NUMERIC} columns keep fractions as floating point).
 */
public final class Money {

    /** The largest amount accepted anywhere: far beyond a chequing account, far within a long of cents. */
    public static final BigDecimal MAX = new BigDecimal("1000000000000.00");

    private static final Pattern AMOUNT = Pattern.compile("-?\\d{1,13}(\\.\\d{1,2})?");

    private Money() {
    }

    /**
     * Reads an amount as people write it on a form: digits, optionally a point and one or two decimals.
     * No thousands separators, exponents or currency signs, so that "1,50" is an error and not 150.
     *
     * @param text the amount, such as {@code 694.81}
     * @return the amount at scale 2
     * @throws IllegalArgumentException naming the text if it is not such an amount
     */
    public static BigDecimal parse(String text) {
        if (text == null || !AMOUNT.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException("not an amount: '" + text
                    + "' (expected digits with at most two decimals, such as 694.81)");
        }
        return new BigDecimal(text.strip()).setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * Checks an amount given to a command or event.
     *
     * @param name what the amount is, for the message
     * @param amount the amount
     * @param allowZero whether 0.00 is acceptable
     * @return the amount at scale 2
     * @throws IllegalArgumentException if it is null, negative (or zero when not allowed), has more
     *     than two decimals, or exceeds {@link #MAX}
     */
    public static BigDecimal checked(String name, BigDecimal amount, boolean allowZero) {
        if (amount == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        int sign = amount.signum();
        if (sign < 0 || (sign == 0 && !allowZero)) {
            throw new IllegalArgumentException(name + " must be " + (allowZero ? "zero or more" : "positive")
                    + ", was: " + amount.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(name + " must have at most two decimals, was: " + amount.toPlainString());
        }
        if (amount.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX.toPlainString() + ", was: "
                    + amount.toPlainString());
        }
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * @param amount an amount with at most two decimals
     * @return the amount in cents
     * @throws ArithmeticException if it has more than two decimals
     */
    public static long toCents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    /**
     * @param cents an amount in cents
     * @return the amount at scale 2
     */
    public static BigDecimal ofCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /**
     * @param amount an amount
     * @return the amount with two decimals and no separators: {@code -1515.63}
     */
    public static String plain(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    /**
     * @param amount an amount
     * @return the amount with two decimals and thousands separators, as a statement prints it:
     *     {@code 1,515.63}, {@code -72.47}
     */
    public static String grouped(BigDecimal amount) {
        // DecimalFormat is not thread-safe; one per call is cheap enough for printing.
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.UNNECESSARY);
        return format.format(amount);
    }
}
