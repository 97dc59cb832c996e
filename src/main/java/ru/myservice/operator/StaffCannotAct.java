package ru.myservice.operator;

/** A read-only member of staff tried to act: nothing was done. */
public final class StaffCannotAct extends RuntimeException {

    private StaffCannotAct(StaffMember staff) {
        super(staff.login() + " may look but not act");
    }

    /** Refuses anyone who may only look. */
    public static void check(StaffMember staff) {
        if (!staff.canAct()) {
            throw new StaffCannotAct(staff);
        }
    }

    /** The text's key in the messages files. */
    public String messageKey() {
        return "operator.refused.read-only";
    }
}
