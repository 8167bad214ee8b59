package dailyfeed.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * An instant PostgreSQL can store and compare: in the years 1 to 9999. {@link Instant} reaches far beyond what a
 * {@code timestamptz} holds (year 300000 parses), and such a value would fail in the database as a 500 instead of
 * being refused as a 400. No real activity time is outside that range. {@code null} is left to {@code @NotNull}.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = StorableInstant.Validator.class)
public @interface StorableInstant {

    String message() default "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link StorableInstant}. */
    class Validator implements ConstraintValidator<StorableInstant, Instant> {

        /** The earliest instant accepted. */
        public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
        /** The latest instant accepted, at PostgreSQL's precision. */
        public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || isStorable(value);
        }

        public static boolean isStorable(Instant instant) {
            return !instant.isBefore(MIN) && !instant.isAfter(MAX);
        }
    }
}
