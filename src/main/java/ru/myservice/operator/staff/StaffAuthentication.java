package ru.myservice.operator.staff;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import ru.myservice.operator.StaffMember;

/** A request of a signed-in staff member: who they are, and whether they may act or only look. */
final class StaffAuthentication extends AbstractAuthenticationToken {

    /** Every staff member may open the console's pages. */
    static final String LOOK = "STAFF";

    /** Only staff outside the read-only group may send the console's forms. */
    static final String ACT = "STAFF_ACT";

    private final StaffMember staff;

    StaffAuthentication(StaffMember staff) {
        super(authorities(staff));
        this.staff = staff;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(StaffMember staff) {
        return staff.canAct()
                ? List.of(new SimpleGrantedAuthority(LOOK), new SimpleGrantedAuthority(ACT))
                : List.of(new SimpleGrantedAuthority(LOOK));
    }

    StaffMember staff() {
        return staff;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public StaffMember getPrincipal() {
        return staff;
    }

    @Override
    public String getName() {
        return staff.login();
    }
}
