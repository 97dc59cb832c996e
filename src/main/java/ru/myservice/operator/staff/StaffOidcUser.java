package ru.myservice.operator.staff;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import ru.myservice.operator.StaffMember;

/** The person Casdoor signed in, found to be staff: what the new staff session is opened for. */
final class StaffOidcUser extends DefaultOidcUser {

    private final StaffMember staff;

    StaffOidcUser(OidcIdToken idToken, StaffMember staff) {
        super(List.of(new SimpleGrantedAuthority(StaffAuthentication.LOOK)), idToken);
        this.staff = staff;
    }

    StaffMember staff() {
        return staff;
    }

    @Override
    public String getName() {
        return staff.login();
    }
}
