package fr.consenti.server.accounts;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Signs a person in on the pages with email and password. The email-verified check comes after the password
 * check, not before as Spring's "disabled" check would: so only someone who knows the password learns that an
 * account exists and is unverified.
 */
@Component
final class PersonSignIn implements AuthenticationProvider {

    /** The account exists and the password is right, but the email was never verified. */
    static final class EmailNotVerified extends DisabledException {
        EmailNotVerified() {
            super("email not verified");
        }
    }

    /** The password is right, but the person's team removed their access. */
    static final class AccessRemoved extends DisabledException {
        AccessRemoved() {
            super("access removed");
        }
    }

    private final DaoAuthenticationProvider passwords;
    private final SignInThrottle throttle;

    PersonSignIn(People people, PasswordEncoder encoder, SignInThrottle throttle) {
        this.throttle = throttle;
        UserDetailsService users = email -> people.findByEmail(email)
                .map(person -> new SignedInPerson(person, people.passwordHash(email).orElseThrow()))
                .orElseThrow(() -> new UsernameNotFoundException("no such person"));
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String emailKey = SignInThrottle.emailKey(attempt.getName());
        String addressKey = attempt.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? SignInThrottle.addressKey(details.getRemoteAddress()) : null;
        // A locked key is refused before the password is even checked: guesses made during the lock teach nothing.
        if (throttle.locked(emailKey) || (addressKey != null && throttle.locked(addressKey))) {
            throw new SignInThrottle.Throttled();
        }
        Authentication result;
        try {
            result = passwords.authenticate(attempt);
        } catch (BadCredentialsException wrong) {
            throttle.recordFailure(emailKey);
            if (addressKey != null) {
                throttle.recordFailure(addressKey);
            }
            throw wrong;
        }
        throttle.reset(emailKey);
        SignedInPerson person = (SignedInPerson) result.getPrincipal();
        if (!person.verified()) {
            throw new EmailNotVerified();
        }
        if (!person.active()) {
            throw new AccessRemoved();
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
