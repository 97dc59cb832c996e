package ru.myservice.operator;

/**
 * A member of staff signed in to the console, as Casdoor vouched for them at sign-in.
 *
 * @param subject Casdoor's {@code sub}: the user's id, which stays when they are renamed
 * @param login {@code "<organization>/<name>"}, what the audit shows
 * @param displayName the name the console greets them with
 * @param email their e-mail in Casdoor (may be empty)
 * @param readOnly a member of the read-only group only: may look, may not act
 */
public record StaffMember(String subject, String login, String displayName, String email, boolean readOnly) {

    /** Whether they may re-check, refund, adjust or end sessions. */
    public boolean canAct() {
        return !readOnly;
    }
}
