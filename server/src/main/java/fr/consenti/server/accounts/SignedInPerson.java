package fr.consenti.server.accounts;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a page session: who signed in, as what, and for which professional. Controllers take it with
 * {@code @AuthenticationPrincipal SignedInPerson}. It sits in the HTTP session, so it holds no password once
 * signed in (Spring erases it) and only ids, never the rows they point to, which may change.
 */
public final class SignedInPerson implements UserDetails, CredentialsContainer {

    private final long personId;
    private final String email;
    private final Role role;
    private final Long professionalId;
    private final Long callCentreId;
    private final boolean verified;
    private final boolean active;
    private String passwordHash;

    SignedInPerson(Person person, String passwordHash) {
        this.personId = person.id();
        this.email = person.email();
        this.role = person.role();
        this.professionalId = person.professionalId();
        this.callCentreId = person.callCentreId();
        this.verified = person.verified();
        this.active = person.active();
        this.passwordHash = passwordHash;
    }

    public long personId() {
        return personId;
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    /** The professional a PROFESSIONAL person acts for; null for every other role. */
    public Long professionalId() {
        return professionalId;
    }

    /** The call centre a CALL_CENTRE person acts for; null when not linked to one, and for every other role. */
    public Long callCentreId() {
        return callCentreId;
    }

    boolean verified() {
        return verified;
    }

    /** Whether the person's access was still there when they signed in (PageAccess checks it on each request). */
    boolean active() {
        return active;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInPerson that && that.personId == personId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(personId);
    }

    @Override
    public String toString() {
        return "SignedInPerson[" + personId + ", " + role + "]";
    }
}
