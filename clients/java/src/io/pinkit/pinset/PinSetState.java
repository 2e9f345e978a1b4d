package io.pinkit.pinset;

import java.util.Arrays;

/**
 * The client rules of docs/pinset.md for one app: the last accepted version
 * (persist it with the document), the set in force, and the fallback to the
 * shipped pins. A verified set replaces the previous one whole; a rejected
 * one changes nothing; an expired one gives way to the shipped pins, never to
 * no pinning.
 */
public final class PinSetState {
    private PinSetVerifier.Root root;
    private long lastVersion;
    private byte[] lastDocument;
    private PinSet current;

    /** Starts from a trusted root and the persisted last version (0 if none). */
    public PinSetState(PinSetVerifier.Root root, long lastVersion) {
        this.root = root;
        this.lastVersion = lastVersion;
    }

    /** Follows a rotation; the current set must verify under the new root or it is dropped. */
    public void rotate(byte[] rootDocument, long now) throws VerifyException {
        PinSetVerifier.Root next = root.verifyRotation(rootDocument);
        root = next;
        if (current != null) {
            try {
                next.verify(lastDocument, current.version - 1, now);
            } catch (VerifyException e) {
                current = null;
            }
        }
    }

    /**
     * Offers a downloaded document at now (seconds since the epoch). Returns
     * true when it is accepted and now in force, false when it is byte for byte
     * the last accepted one; throws (and changes nothing) when it is rejected.
     */
    public boolean offer(byte[] document, long now) throws VerifyException {
        if (lastDocument != null && Arrays.equals(document, lastDocument)) {
            return false;
        }
        PinSet s = root.verify(document, lastVersion, now);
        current = s;
        lastVersion = s.version;
        lastDocument = document.clone();
        return true;
    }

    /** The set to enforce at now, or null: enforce the shipped pins. */
    public PinSet active(long now) {
        return current != null && now < current.expires ? current : null;
    }

    /** The version to persist as the rollback floor. */
    public long lastVersion() {
        return lastVersion;
    }
}
