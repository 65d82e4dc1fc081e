package fr.consenti.server.registry;

import org.springframework.http.HttpStatus;

/**
 * Why the registry refused a request: a stable {@code code} (API and pages alike), the field it is about, and the
 * arguments of its message ({@code registry.error.<code>} in the bundles). Controllers turn it into problem+json or a
 * form error.
 */
final class RegistryRefusal extends RuntimeException {

    private final String code;
    private final String field;
    private final HttpStatus status;
    private final transient Object[] args;

    RegistryRefusal(HttpStatus status, String code, String field, String detail, Object... args) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.args = args.clone();
    }

    static RegistryRefusal invalid(String code, String field, String detail, Object... args) {
        return new RegistryRefusal(HttpStatus.BAD_REQUEST, code, field, detail, args);
    }

    static RegistryRefusal conflict(String code, String field, String detail, Object... args) {
        return new RegistryRefusal(HttpStatus.CONFLICT, code, field, detail, args);
    }

    static RegistryRefusal notFound(String field) {
        return new RegistryRefusal(HttpStatus.NOT_FOUND, "NOT_FOUND", field, "No such number or receipt in your registry.");
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }

    HttpStatus status() {
        return status;
    }

    /** The bundle key of the message for people. */
    public String messageKey() {
        return "registry.error." + code;
    }

    public Object[] args() {
        return args.clone();
    }
}
