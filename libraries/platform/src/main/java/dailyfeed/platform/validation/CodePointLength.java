package dailyfeed.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Length in characters as people (and PostgreSQL's {@code char_length}) count them: Unicode code points, so an emoji
 * is one; optionally after trimming.
 * {@code null} is left to {@code @NotNull}.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CodePointLength.Validator.class)
public @interface CodePointLength {

    int min() default 0;

    int max() default Integer.MAX_VALUE;

    boolean trimmed() default false;

    String message() default "must be between {min} and {max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the bounds of {@link CodePointLength}. */
    class Validator implements ConstraintValidator<CodePointLength, String> {

        private CodePointLength bounds;

        @Override
        public void initialize(CodePointLength annotation) {
            this.bounds = annotation;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String text = bounds.trimmed() ? value.strip() : value;
            int length = text.codePointCount(0, text.length());
            return length >= bounds.min() && length <= bounds.max();
        }
    }
}
