package io.pinkit.pinset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict JSON reader and canonical (RFC 8785 subset) writer, as specified in
 * docs/pinset.md. Values are {@link Obj}, {@link List}, {@link String},
 * {@link Num}, {@link Boolean} and {@link #NULL}. Errors are found in
 * document order so that the first defect decides the reason, exactly as in
 * the Go implementation. Uses nothing beyond java.lang, java.nio and
 * java.util, so it runs on every Android API level.
 */
public final class Json {
    /** Largest document parsed, in bytes. */
    public static final int MAX_SIZE = 1 << 20;
    /** Deepest nesting of objects and arrays. */
    public static final int MAX_DEPTH = 16;
    /** 2^53-1, the largest integer a canonical document may hold. */
    public static final long MAX_SAFE_INT = (1L << 53) - 1;
    /** The JSON null. */
    public static final Object NULL = new Object() {
        @Override public String toString() { return "null"; }
    };

    /** An object: members in document order. */
    public static final class Obj {
        public final List<String> keys = new ArrayList<>();
        public final List<Object> values = new ArrayList<>();

        public Object get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }

        public boolean has(String key) {
            return keys.contains(key);
        }
    }

    /** A number, kept as written. */
    public static final class Num {
        public final String text;
        Num(String text) { this.text = text; }
        @Override public String toString() { return text; }
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses data strictly; the whole input must be one JSON value. */
    public static Object parse(byte[] data) throws VerifyException {
        if (data.length > MAX_SIZE) {
            throw new VerifyException("too-large", "document of " + data.length + " bytes");
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            CharBuffer cb = dec.decode(ByteBuffer.wrap(data));
            text = cb.toString();
        } catch (CharacterCodingException e) {
            throw new VerifyException("syntax", "document is not valid UTF-8");
        }
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != p.s.length()) {
            throw new VerifyException("trailing-data", "data after the document at offset " + p.pos);
        }
        return v;
    }

    private VerifyException syntax(String what) {
        return new VerifyException("syntax", what + " at offset " + pos);
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Object value(int depth) throws VerifyException {
        if (pos >= s.length()) {
            throw new VerifyException("syntax", "unexpected end of document");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
            case '[':
                if (depth + 1 > MAX_DEPTH) {
                    throw new VerifyException("too-deep", "nesting deeper than " + MAX_DEPTH + " at offset " + pos);
                }
                pos++;
                return c == '{' ? object(depth + 1) : array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw syntax("unexpected character");
        }
    }

    private Object literal(String word, Object v) throws VerifyException {
        if (!s.startsWith(word, pos)) {
            throw syntax("invalid literal");
        }
        pos += word.length();
        return v;
    }

    private Obj object(int depth) throws VerifyException {
        Obj o = new Obj();
        Set<String> seen = new HashSet<>();
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            return o;
        }
        while (true) {
            skipSpace();
            if (pos >= s.length()) {
                throw new VerifyException("syntax", "unexpected end of document");
            }
            if (s.charAt(pos) != '"') {
                throw syntax("object key is not a string");
            }
            String key = string();
            if (!seen.add(key)) {
                throw new VerifyException("duplicate-key", "key " + key + " repeated at offset " + pos);
            }
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth);
            o.keys.add(key);
            o.values.add(v);
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                continue;
            }
            expect('}');
            return o;
        }
    }

    private List<Object> array(int depth) throws VerifyException {
        List<Object> a = new ArrayList<>();
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            return a;
        }
        while (true) {
            skipSpace();
            a.add(value(depth));
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                continue;
            }
            expect(']');
            return a;
        }
    }

    private void expect(char c) throws VerifyException {
        if (pos >= s.length()) {
            throw new VerifyException("syntax", "unexpected end of document");
        }
        if (s.charAt(pos) != c) {
            throw syntax("want '" + c + "'");
        }
        pos++;
    }

    private String string() throws VerifyException {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new VerifyException("syntax", "unexpected end of document");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return replaceLoneSurrogates(b);
            }
            if (c < 0x20) {
                throw syntax("control character in string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw new VerifyException("syntax", "unexpected end of document");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (pos + 4 > s.length()) {
                        throw syntax("short \\u escape");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0 || s.charAt(pos + i) > 'f') {
                            throw syntax("invalid \\u escape");
                        }
                        v = v * 16 + d;
                    }
                    pos += 4;
                    b.append((char) v);
                    break;
                default:
                    throw syntax("invalid escape");
            }
        }
    }

    /** Replaces unpaired surrogates (from \\u escapes) by U+FFFD, as Go's decoder does. */
    private static String replaceLoneSurrogates(StringBuilder b) {
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < b.length() && Character.isLowSurrogate(b.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                b.setCharAt(i, '\uFFFD');
            }
        }
        return b.toString();
    }

    private Num number() throws VerifyException {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= s.length()) {
            throw new VerifyException("syntax", "unexpected end of document");
        }
        if (s.charAt(pos) == '0') {
            pos++;
        } else if (s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
            digits();
        } else {
            throw syntax("invalid number");
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw syntax("invalid number");
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw syntax("invalid number");
            }
        }
        return new Num(s.substring(start, pos));
    }

    private int digits() {
        int n = 0;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    /** Returns the integer n when text is a canonical integer within ±(2^53-1), else null. */
    public static Long canonicalInt(String text) {
        String digits = text.startsWith("-") ? text.substring(1) : text;
        if (digits.isEmpty() || digits.length() > 16) {
            return null;
        }
        if (digits.charAt(0) == '0' && (digits.length() > 1 || !digits.equals(text))) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        long n = Long.parseLong(text);
        return (n > MAX_SAFE_INT || n < -MAX_SAFE_INT) ? null : n;
    }

    /** Encodes v canonically as UTF-8. */
    public static byte[] canonical(Object v) throws VerifyException {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder b, Object v) throws VerifyException {
        if (v instanceof Obj) {
            Obj o = (Obj) v;
            Integer[] order = new Integer[o.keys.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // String.compareTo compares UTF-16 code units, the order JCS sorts keys in.
            // (No Comparator.comparing: it needs Android API 24.)
            final List<String> keys = o.keys;
            Arrays.sort(order, new Comparator<Integer>() {
                @Override
                public int compare(Integer a, Integer b) {
                    return keys.get(a).compareTo(keys.get(b));
                }
            });
            b.append('{');
            for (int i = 0; i < order.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                writeString(b, o.keys.get(order[i]));
                b.append(':');
                write(b, o.values.get(order[i]));
            }
            b.append('}');
        } else if (v instanceof List) {
            b.append('[');
            List<?> a = (List<?>) v;
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, a.get(i));
            }
            b.append(']');
        } else if (v instanceof String) {
            writeString(b, (String) v);
        } else if (v instanceof Num) {
            String t = ((Num) v).text;
            if (canonicalInt(t) == null) {
                throw new VerifyException("non-canonical", "number " + t + " is not an integer in canonical form");
            }
            b.append(t);
        } else if (v instanceof Boolean || v == NULL) {
            b.append(v.toString());
        } else {
            throw new VerifyException("syntax", "unexpected value");
        }
    }

    private static void writeString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    /** Parses data and checks that re-encoding it gives back exactly data. */
    public static Obj parseCanonical(byte[] data) throws VerifyException {
        Object v = parse(data);
        byte[] enc = canonical(v);
        if (!Arrays.equals(enc, data)) {
            throw new VerifyException("non-canonical", "document is not in canonical form");
        }
        if (!(v instanceof Obj)) {
            throw new VerifyException("schema", "document is not a JSON object");
        }
        return (Obj) v;
    }
}
