package io.pinkit.pinset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reference verifier of pinkit signed pin sets (docs/pinset.md). An app ships
 * a root document, loads it with {@link #loadRoot}, follows rotations with
 * {@link Root#verifyRotation} and verifies each pin set with {@link Root#verify},
 * keeping the version of the last set it accepted and falling back to its
 * shipped pins when the set it holds expires. Checks run in the order of the
 * spec, so a rejected document yields the same reason code as the Go verifier.
 */
public final class PinSetVerifier {
    private PinSetVerifier() {}

    public static final String TYPE_PINSET = "pinkit-pinset";
    public static final String TYPE_ROOT = "pinkit-root";

    /** A root of trust. */
    public static final class Root {
        public long version;
        public int threshold;
        public final List<Keys.Key> keys = new ArrayList<>();

        /** Key IDs in document order. */
        public List<String> keyIDs() {
            List<String> ids = new ArrayList<>();
            for (Keys.Key k : keys) {
                ids.add(k.id);
            }
            return ids;
        }

        /** Verifies the root that follows this one: both thresholds sign, version is exactly one more. */
        public Root verifyRotation(byte[] doc) throws VerifyException {
            Envelope env = Envelope.parse(doc, TYPE_ROOT);
            Root next = decodeRoot(env.signed);
            checkThreshold(env, "the trusted root's");
            next.checkThreshold(env, "the new root's");
            if (next.version <= version) {
                throw new VerifyException("rollback", "root version " + next.version + " <= " + version);
            }
            if (next.version != version + 1) {
                throw new VerifyException("version-gap", "root version " + next.version + " after " + version);
            }
            return next;
        }

        /**
         * Verifies a pin set. lastVersion is the version of the last set accepted (0 if none); now is the
         * verifier's clock in seconds since the epoch.
         */
        public PinSet verify(byte[] doc, long lastVersion, long now) throws VerifyException {
            Envelope env = Envelope.parse(doc, TYPE_PINSET);
            PinSet s = PinSet.decode(env.signed);
            checkThreshold(env, "the root's");
            if (s.version <= lastVersion) {
                throw new VerifyException("rollback", "version " + s.version + " <= last accepted " + lastVersion);
            }
            if (now >= s.expires) {
                throw new VerifyException("expired", "expired; use the shipped pins");
            }
            s.checkPolicy();
            return s;
        }

        void checkThreshold(Envelope env, String whose) throws VerifyException {
            Set<String> valid = new HashSet<>();
            for (Envelope.Sig sig : env.signatures) {
                if (valid.contains(sig.keyID)) {
                    continue;
                }
                for (Keys.Key k : keys) {
                    if (k.id.equals(sig.keyID) && k.verify(env.payload, sig.sig)) {
                        valid.add(sig.keyID);
                    }
                }
            }
            if (valid.size() < threshold) {
                throw new VerifyException("threshold", valid.size() + " valid signatures by distinct keys of "
                        + whose + " " + keys.size() + ", threshold " + threshold);
            }
        }
    }

    /** Loads a trusted (shipped) root: it must be signed by its own threshold. */
    public static Root loadRoot(byte[] doc) throws VerifyException {
        Envelope env = Envelope.parse(doc, TYPE_ROOT);
        Root r = decodeRoot(env.signed);
        r.checkThreshold(env, "its own");
        return r;
    }

    static Root decodeRoot(Json.Obj signed) throws VerifyException {
        Root r = new Root();
        List<?>[] entries = new List<?>[1];
        long[] threshold = new long[1];
        Schema.walk("signed", signed, new Schema.Fields()
                .add("keys", true, v -> entries[0] = Schema.array(v, 64))
                .add("threshold", true, v -> threshold[0] = Schema.version(v))
                .add("type", true, v -> { })
                .add("version", true, v -> r.version = Schema.version(v)));
        List<String> ids = new ArrayList<>();
        List<byte[]> spkis = new ArrayList<>();
        for (int i = 0; i < entries[0].size(); i++) {
            Json.Obj o = Schema.obj(entries[0].get(i));
            String[] id = new String[1];
            byte[][] spki = new byte[1][];
            Schema.walk("keys[" + i + "]", o, new Schema.Fields()
                    .add("keyid", true, v -> id[0] = Schema.keyID(v))
                    .add("public", true, v -> spki[0] = Schema.base64(v, 512)));
            ids.add(id[0]);
            spkis.add(spki[0]);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Keys.Key k = Keys.parse(spkis.get(i));
            if (k == null) {
                throw new VerifyException("invalid-root", "keys[" + i + "] is not a canonical Ed25519 or P-256 key");
            }
            if (!k.id.equals(ids.get(i))) {
                throw new VerifyException("invalid-root", "keys[" + i + "]: keyid is not the SHA-256 of the key");
            }
            if (!seen.add(k.id)) {
                throw new VerifyException("invalid-root", "keys[" + i + "] is listed twice");
            }
            r.keys.add(k);
        }
        if (r.keys.isEmpty() || threshold[0] > r.keys.size()) {
            throw new VerifyException("invalid-root", "threshold " + threshold[0] + " of " + r.keys.size() + " keys");
        }
        r.threshold = (int) threshold[0];
        return r;
    }

    /** A parsed document before its signatures are checked. */
    static final class Envelope {
        static final class Sig {
            String keyID;
            byte[] sig;
        }

        final List<Sig> signatures = new ArrayList<>();
        Json.Obj signed;
        byte[] payload;

        static Envelope parse(byte[] doc, String type) throws VerifyException {
            Json.Obj obj = Json.parseCanonical(doc);
            Envelope env = new Envelope();
            Schema.walk("document", obj, new Schema.Fields()
                    .add("signatures", true, env::takeSignatures)
                    .add("signed", true, v -> env.signed = Schema.obj(v)));
            // The document is canonical, so this is byte for byte the signed member as received.
            env.payload = Json.canonical(env.signed);
            Object t = env.signed.get("type");
            if (!type.equals(t)) {
                throw new VerifyException("wrong-type", "signed.type is not " + type);
            }
            return env;
        }

        private void takeSignatures(Object v) throws VerifyException {
            List<?> a = Schema.array(v, 64);
            for (Object e : a) {
                Json.Obj o = Schema.obj(e);
                Sig s = new Sig();
                Schema.walk("signature", o, new Schema.Fields()
                        .add("keyid", true, x -> s.keyID = Schema.keyID(x))
                        .add("sig", true, x -> s.sig = Schema.base64(x, 512)));
                signatures.add(s);
            }
        }
    }

    /** Returns a copy of b (for callers that keep documents). */
    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
