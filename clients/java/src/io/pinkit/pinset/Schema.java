package io.pinkit.pinset;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The schema walk of docs/pinset.md: members in document order, then missing ones. */
final class Schema {
    private Schema() {}

    /** Takes the value of one member; throws a VerifyException("schema") if it is wrong. */
    interface Take {
        void take(Object v) throws VerifyException;
    }

    /** Describes the members of one object: name to (required, take). */
    static final class Fields {
        final Map<String, Boolean> required = new TreeMap<>();
        final Map<String, Take> takes = new TreeMap<>();

        Fields add(String name, boolean req, Take t) {
            required.put(name, req);
            takes.put(name, t);
            return this;
        }
    }

    static void walk(String what, Json.Obj obj, Fields f) throws VerifyException {
        for (int i = 0; i < obj.keys.size(); i++) {
            String k = obj.keys.get(i);
            Take t = f.takes.get(k);
            if (t == null) {
                throw new VerifyException("unknown-field", what + " has an unknown member " + k);
            }
            t.take(obj.values.get(i));
        }
        for (Map.Entry<String, Boolean> e : f.required.entrySet()) {
            if (e.getValue() && !obj.has(e.getKey())) {
                throw new VerifyException("schema", what + " has no member " + e.getKey());
            }
        }
    }

    static VerifyException err(String detail) {
        return new VerifyException("schema", detail);
    }

    static Json.Obj obj(Object v) throws VerifyException {
        if (!(v instanceof Json.Obj)) {
            throw err("want an object");
        }
        return (Json.Obj) v;
    }

    static List<?> array(Object v, int max) throws VerifyException {
        if (!(v instanceof List)) {
            throw err("want an array");
        }
        List<?> a = (List<?>) v;
        if (a.size() > max) {
            throw err(a.size() + " elements, at most " + max);
        }
        return a;
    }

    static String string(Object v, int maxBytes) throws VerifyException {
        if (!(v instanceof String)) {
            throw err("want a string");
        }
        String s = (String) v;
        if (s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw err("string longer than " + maxBytes + " bytes");
        }
        return s;
    }

    static boolean bool(Object v) throws VerifyException {
        if (!(v instanceof Boolean)) {
            throw err("want a boolean");
        }
        return (Boolean) v;
    }

    /** An integer from 1 to 2^53-1. */
    static long version(Object v) throws VerifyException {
        if (!(v instanceof Json.Num)) {
            throw err("want an integer");
        }
        Long n = Json.canonicalInt(((Json.Num) v).text);
        if (n == null || n < 1) {
            throw err(v + " is not an integer from 1 to 2^53-1");
        }
        return n;
    }

    /** 64 lower-case hex digits. */
    static String keyID(Object v) throws VerifyException {
        String s = string(v, 64);
        if (s.length() != 64) {
            throw err("key ID is not 64 lower-case hex digits");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw err("key ID is not 64 lower-case hex digits");
            }
        }
        return s;
    }

    /** Non-empty standard padded base64 (in its one canonical form) of at most max bytes. */
    static byte[] base64(Object v, int max) throws VerifyException {
        if (!(v instanceof String)) {
            throw err("want a string");
        }
        String s = (String) v;
        if (s.isEmpty() || s.length() > (max + 2) / 3 * 4) {
            throw err("base64 of " + s.length() + " characters");
        }
        byte[] b = Base64.decode(s);
        if (b == null) {
            throw err("invalid base64");
        }
        if (b.length > max) {
            throw err(b.length + " bytes, at most " + max);
        }
        return b;
    }

    /** "YYYY-MM-DDTHH:MM:SSZ" as seconds since the epoch. */
    static long time(Object v) throws VerifyException {
        if (!(v instanceof String)) {
            throw err("want a string");
        }
        Long t = parseTime((String) v);
        if (t == null) {
            throw err("time " + v + " is not YYYY-MM-DDTHH:MM:SSZ");
        }
        return t;
    }

    static Long parseTime(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int[] at = {0, 5, 8, 11, 14, 17};
        int[] len = {4, 2, 2, 2, 2, 2};
        long[] f = new long[6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < len[i]; j++) {
                char c = s.charAt(at[i] + j);
                if (c < '0' || c > '9') {
                    return null;
                }
                f[i] = f[i] * 10 + (c - '0');
            }
        }
        long y = f[0], m = f[1], d = f[2];
        if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || f[3] > 23 || f[4] > 59 || f[5] > 59) {
            return null;
        }
        return daysFromCivil(y, m, d) * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
    }

    private static long daysIn(long y, long m) {
        long[] days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        boolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return m == 2 && leap ? 29 : days[(int) m - 1];
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400; // floor division (Math.floorDiv needs API 24)
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Strict standard base64: decodes only input that re-encodes to itself. */
    static final class Base64 {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        static String encode(byte[] b) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < b.length; i += 3) {
                int n = (b[i] & 0xff) << 16;
                if (i + 1 < b.length) n |= (b[i + 1] & 0xff) << 8;
                if (i + 2 < b.length) n |= b[i + 2] & 0xff;
                s.append(ALPHABET.charAt(n >> 18 & 63)).append(ALPHABET.charAt(n >> 12 & 63));
                s.append(i + 1 < b.length ? ALPHABET.charAt(n >> 6 & 63) : '=');
                s.append(i + 2 < b.length ? ALPHABET.charAt(n & 63) : '=');
            }
            return s.toString();
        }

        static byte[] decode(String s) {
            if (s.length() % 4 != 0) {
                return null;
            }
            int pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
            byte[] out = new byte[s.length() / 4 * 3 - pad];
            int o = 0;
            for (int i = 0; i < s.length(); i += 4) {
                int n = 0;
                for (int j = 0; j < 4; j++) {
                    char c = s.charAt(i + j);
                    int d = c == '=' && i + 4 == s.length() && j >= 4 - pad ? 0 : ALPHABET.indexOf(c);
                    if (d < 0) {
                        return null;
                    }
                    n = n << 6 | d;
                }
                for (int j = 0; j < 3 && o < out.length; j++) {
                    out[o++] = (byte) (n >> (16 - 8 * j));
                }
            }
            return encode(out).equals(s) ? out : null;
        }
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
