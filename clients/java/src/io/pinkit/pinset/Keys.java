package io.pinkit.pinset;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Signing keys of a root: Ed25519 and ECDSA P-256 SubjectPublicKeyInfos in their canonical DER. */
final class Keys {
    private Keys() {}

    static final String ED25519 = "ed25519";
    static final String P256 = "ecdsa-p256";

    // SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (33 bytes) } before the 32-byte key.
    private static final byte[] ED25519_PREFIX = hex("302a300506032b6570032100");
    // SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID prime256v1 } BIT STRING (66 bytes) } 04 before X || Y.
    private static final byte[] P256_PREFIX = hex("3059301306072a8648ce3d020106082a8648ce3d03010703420004");

    static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    static final BigInteger N = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    /** One key of a root. A key whose algorithm the platform lacks (Ed25519 before Android 13) verifies nothing. */
    static final class Key {
        final String id;
        final String algorithm;
        final byte[] spki;

        Key(String id, String algorithm, byte[] spki) {
            this.id = id;
            this.algorithm = algorithm;
            this.spki = spki;
        }

        boolean verify(byte[] payload, byte[] sig) {
            try {
                if (algorithm.equals(P256)) {
                    if (!strictECDSASignature(sig)) {
                        return false;
                    }
                    return check("EC", "SHA256withECDSA", payload, sig);
                }
                return check("Ed25519", "Ed25519", payload, sig);
            } catch (NoSuchAlgorithmException e) {
                return false; // the platform cannot verify this algorithm: the signature does not count
            } catch (Exception e) {
                return false;
            }
        }

        private boolean check(String keyAlg, String sigAlg, byte[] payload, byte[] sig) throws Exception {
            PublicKey k = KeyFactory.getInstance(keyAlg).generatePublic(new X509EncodedKeySpec(spki));
            Signature s = Signature.getInstance(sigAlg);
            s.initVerify(k);
            s.update(payload);
            return s.verify(sig);
        }
    }

    /** Whether this platform verifies Ed25519 (Java 15+, Android API 33+). */
    static boolean haveEd25519() {
        try {
            Signature.getInstance("Ed25519");
            return true;
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** Parses a canonical SPKI; returns null when it is neither canonical Ed25519 nor canonical P-256. */
    static Key parse(byte[] spki) {
        String id = keyID(spki);
        if (spki.length == 44 && startsWith(spki, ED25519_PREFIX)) {
            return new Key(id, ED25519, spki.clone());
        }
        if (spki.length == 91 && startsWith(spki, P256_PREFIX)) {
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(spki, 27, 59));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(spki, 59, 91));
            if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
                return null;
            }
            // y^2 = x^3 - 3x + b (mod p): the point is on P-256.
            BigInteger lhs = y.multiply(y).mod(P);
            BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
            return lhs.equals(rhs) ? new Key(id, P256, spki.clone()) : null;
        }
        return null;
    }

    /** Lower-case hex SHA-256 of the SPKI. */
    static String keyID(byte[] spki) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(spki);
            StringBuilder s = new StringBuilder();
            for (byte b : h) {
                s.append(String.format("%02x", b & 0xff));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Accepts only DER SEQUENCE { INTEGER r, INTEGER s } with minimal encodings and 0 < r, s < n.
     * Java 15 to 18 accepted r = s = 0 (CVE-2022-21449); this check does not rely on the provider.
     */
    static boolean strictECDSASignature(byte[] sig) {
        if (sig.length < 8 || sig.length > 72 || sig[0] != 0x30 || (sig[1] & 0xff) != sig.length - 2) {
            return false;
        }
        int[] at = {2};
        BigInteger r = derInteger(sig, at);
        BigInteger s = r == null ? null : derInteger(sig, at);
        if (s == null || at[0] != sig.length) {
            return false;
        }
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(N) < 0 && s.compareTo(N) < 0;
    }

    private static BigInteger derInteger(byte[] b, int[] at) {
        int i = at[0];
        if (i + 2 > b.length || b[i] != 0x02) {
            return null;
        }
        int len = b[i + 1] & 0xff;
        if (len == 0 || len > 33 || i + 2 + len > b.length) {
            return null;
        }
        byte[] v = Arrays.copyOfRange(b, i + 2, i + 2 + len);
        // Minimal: no leading 0x00 unless the next byte has its top bit set; no leading 0xff.
        if (len > 1 && ((v[0] == 0 && (v[1] & 0x80) == 0) || (v[0] == (byte) 0xff && (v[1] & 0x80) != 0))) {
            return null;
        }
        at[0] = i + 2 + len;
        return new BigInteger(v);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(Arrays.copyOf(b, prefix.length), prefix);
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
