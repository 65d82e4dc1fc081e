package fr.consenti.server.accounts;

/** A key just issued or registered: {@code key} is the secret, to hand to its owner and then forget. */
public record IssuedApiKey(long id, String prefix, String key) {

    @Override
    public String toString() {
        return "IssuedApiKey[id=" + id + ", prefix=" + prefix + "]";
    }
}
