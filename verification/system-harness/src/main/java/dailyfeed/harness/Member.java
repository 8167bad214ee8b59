package dailyfeed.harness;

/** A member who signed up and logged in: who they are, their password, and the member token of that login. */
public record Member(long id, String handle, String password, String token) {}
