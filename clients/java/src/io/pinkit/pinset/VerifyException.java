package io.pinkit.pinset;

/** A rejected document: a stable reason code (see docs/pinset.md) and a detail. */
public final class VerifyException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The reason code, such as "threshold" or "rollback". */
    public final String reason;

    public VerifyException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }
}
