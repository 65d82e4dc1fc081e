package fr.consenti.server.platform;

import fr.consenti.server.accounts.ApiCaller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An API request authenticated by its key: the principal is the {@link ApiCaller}; the key itself is not kept. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    /** The authority every API caller holds; what it may read is decided by its ApiCaller, per request. */
    static final String API_CLIENT = "API_CLIENT";

    private final ApiCaller caller;

    ApiKeyAuthentication(ApiCaller caller) {
        super(List.of(new SimpleGrantedAuthority(API_CLIENT)));
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiCaller getPrincipal() {
        return caller;
    }
}
