package dailyfeed.member.account;

import dailyfeed.platform.validation.CodePointLength;
import dailyfeed.platform.validation.StorableText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of {@code POST /api/members}. */
record SignUpRequest(
        @NotNull @Pattern(regexp = "^[a-z0-9_]{3,30}$", message = "must be 3 to 30 of a-z, 0-9 and _")
        String handle,

        @NotNull @StorableText @CodePointLength(min = 1, max = 50, trimmed = true)
        String displayName,

        @NotNull @StorableText @CodePointLength(min = 8, max = 128)
        String password) {

    @Override
    public String toString() {
        return "SignUpRequest[handle=" + handle + ", displayName=" + displayName + "]"; // never log the password
    }
}
