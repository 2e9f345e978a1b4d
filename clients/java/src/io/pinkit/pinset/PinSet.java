package io.pinkit.pinset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A verified pin set: version, validity and hosts (which replace the previous set entirely). */
public final class PinSet {
    public long version;
    public long issued;
    public long expires;
    public final List<Host> hosts = new ArrayList<>();

    /** One pinned host. pins are "sha256/<base64>" strings, at least two. */
    public static final class Host {
        public String name;
        public boolean includeSubdomains;
        public final List<String> pins = new ArrayList<>();
        public final List<String> labels = new ArrayList<>();
    }

    static PinSet decode(Json.Obj signed) throws VerifyException {
        PinSet s = new PinSet();
        Schema.walk("signed", signed, new Schema.Fields()
                .add("expires", true, v -> s.expires = Schema.time(v))
                .add("hosts", true, s::takeHosts)
                .add("issued", true, v -> s.issued = Schema.time(v))
                .add("type", true, v -> { })
                .add("version", true, v -> s.version = Schema.version(v)));
        if (s.issued > s.expires) {
            throw new VerifyException("schema", "issued is after expires");
        }
        return s;
    }

    private void takeHosts(Object v) throws VerifyException {
        List<?> a = Schema.array(v, 1000);
        for (int i = 0; i < a.size(); i++) {
            Json.Obj o = Schema.obj(a.get(i));
            Host h = new Host();
            Schema.walk("hosts[" + i + "]", o, new Schema.Fields()
                    .add("include-subdomains", true, x -> h.includeSubdomains = Schema.bool(x))
                    .add("name", true, x -> h.name = Schema.string(x, 253))
                    .add("pins", true, x -> takePins(h, x)));
            hosts.add(h);
        }
    }

    private static void takePins(Host h, Object v) throws VerifyException {
        for (Object e : Schema.array(v, 64)) {
            Json.Obj o = Schema.obj(e);
            String[] spki = new String[1];
            String[] label = {""};
            Schema.walk("pin", o, new Schema.Fields()
                    .add("label", false, x -> label[0] = Schema.string(x, 256))
                    .add("spki", true, x -> spki[0] = Schema.string(x, 64)));
            h.pins.add(spki[0]);
            h.labels.add(label[0]);
        }
    }

    /** The policy rules of docs/pinset.md (the public-suffix check is left to the signer). */
    void checkPolicy() throws VerifyException {
        if (hosts.isEmpty()) {
            throw new VerifyException("invalid-policy", "no hosts");
        }
        Set<String> rules = new HashSet<>();
        for (Host h : hosts) {
            String bad = checkHostName(h.name);
            if (bad != null) {
                throw new VerifyException("invalid-policy", "host " + h.name + ": " + bad);
            }
            if (!rules.add(h.name + (h.includeSubdomains ? "/sub" : "/exact"))) {
                throw new VerifyException("invalid-policy", "host " + h.name + " is listed twice");
            }
            Set<String> seen = new HashSet<>();
            for (String p : h.pins) {
                if (!validPin(p)) {
                    throw new VerifyException("invalid-policy", "host " + h.name + ": bad pin " + p);
                }
                if (!seen.add(p)) {
                    throw new VerifyException("invalid-policy", "host " + h.name + ": pin listed twice");
                }
            }
            if (h.pins.size() < 2) {
                throw new VerifyException("invalid-policy", "host " + h.name + " needs at least 2 pins");
            }
        }
    }

    /** "sha256/" and the padded standard base64 of 32 bytes. */
    static boolean validPin(String p) {
        if (!p.startsWith("sha256/")) {
            return false;
        }
        byte[] b = Schema.Base64.decode(p.substring(7));
        return b != null && b.length == 32;
    }

    /** Returns why name is not a normalised host name, or null. */
    static String checkHostName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return "want 1 to 253 bytes";
        }
        String[] labels = name.split("\\.", -1);
        for (String l : labels) {
            if (l.isEmpty() || l.length() > 63 || l.startsWith("-") || l.endsWith("-")) {
                return "bad label";
            }
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    return "character not allowed (lower-case LDH only)";
                }
            }
        }
        if (labels[labels.length - 1].matches("[0-9]+")) {
            return "an IP address is not a host name";
        }
        return null;
    }
}
