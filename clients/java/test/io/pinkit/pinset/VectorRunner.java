package io.pinkit.pinset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the test vectors of docs/pinset.md (pinset/testdata/vectors/vectors.json)
 * through the Java verifier and exits 1 if any result differs from the one the
 * vector states. Usage: java io.pinkit.pinset.VectorRunner DIR
 */
public final class VectorRunner {
    private VectorRunner() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: VectorRunner VECTOR_DIR");
            System.exit(2);
        }
        Path dir = Paths.get(args[0]);
        List<?> vectors;
        List<?> scenarios;
        try {
            Json.Obj manifest = (Json.Obj) Json.parse(Files.readAllBytes(dir.resolve("vectors.json")));
            vectors = (List<?>) manifest.get("vectors");
            scenarios = manifest.has("scenarios") ? (List<?>) manifest.get("scenarios") : new ArrayList<>();
        } catch (VerifyException | ClassCastException e) {
            System.err.println("vectors.json: " + e);
            System.exit(2);
            return;
        }
        int failed = 0, skipped = 0;
        for (Object o : vectors) {
            Json.Obj v = (Json.Obj) o;
            String name = (String) v.get("name");
            if (requires(v, "ed25519") && !Keys.haveEd25519()) {
                System.out.println("SKIP " + name + " (no Ed25519 on this platform)");
                skipped++;
                continue;
            }
            String problem = run(dir, v);
            if (problem != null) {
                failed++;
                System.out.println("FAIL " + name + ": " + problem);
            } else {
                System.out.println("ok   " + name);
            }
        }
        for (Object o : scenarios) {
            Json.Obj sc = (Json.Obj) o;
            String problem = scenario(dir, sc);
            if (problem != null) {
                failed++;
                System.out.println("FAIL scenario " + sc.get("name") + ": " + problem);
            } else {
                System.out.println("ok   scenario " + sc.get("name"));
            }
        }
        System.out.printf("%d vectors, %d scenarios, %d failed, %d skipped%n", vectors.size(), scenarios.size(), failed, skipped);
        if (vectors.size() < 40 || failed > 0) {
            System.exit(1);
        }
    }

    private static boolean requires(Json.Obj v, String what) {
        Object r = v.get("requires");
        return r instanceof List && ((List<?>) r).contains(what);
    }

    /** Returns null when the verifier agrees with the vector, else what differs. */
    static String run(Path dir, Json.Obj v) throws IOException {
        String expect = (String) v.get("expect");
        String reason = v.has("reason") ? (String) v.get("reason") : null;
        Object result;
        try {
            PinSetVerifier.Root root = PinSetVerifier.loadRoot(Files.readAllBytes(dir.resolve((String) v.get("trusted"))));
            byte[] doc = Files.readAllBytes(dir.resolve((String) v.get("document")));
            if (v.get("kind").equals("root")) {
                result = root.verifyRotation(doc);
            } else {
                long last = Json.canonicalInt(v.get("last_version").toString());
                Long now = Schema.parseTime((String) v.get("now"));
                result = root.verify(doc, last, now);
            }
        } catch (VerifyException e) {
            if (expect.equals("reject") && e.reason.equals(reason)) {
                return null;
            }
            return "got reject " + e.getMessage() + ", want " + expect + (reason != null ? " " + reason : "");
        }
        if (!expect.equals("accept")) {
            return "accepted, want reject " + reason;
        }
        return compare(v, result);
    }

    /** Runs one scenario through PinSetState; returns null when every step agrees. */
    static String scenario(Path dir, Json.Obj sc) throws IOException {
        PinSetState state;
        try {
            state = new PinSetState(PinSetVerifier.loadRoot(Files.readAllBytes(dir.resolve((String) sc.get("trusted")))), 0);
        } catch (VerifyException e) {
            return "trusted root: " + e.getMessage();
        }
        List<?> steps = (List<?>) sc.get("steps");
        for (int i = 0; i < steps.size(); i++) {
            Json.Obj st = (Json.Obj) steps.get(i);
            long now = Schema.parseTime((String) st.get("now"));
            if (st.has("root")) {
                try {
                    state.rotate(Files.readAllBytes(dir.resolve((String) st.get("root"))), now);
                } catch (VerifyException e) {
                    return "step " + i + ": rotation: " + e.getMessage();
                }
            }
            if (st.has("document")) {
                String expect = (String) st.get("expect");
                try {
                    boolean accepted = state.offer(Files.readAllBytes(dir.resolve((String) st.get("document"))), now);
                    if (!expect.equals(accepted ? "accept" : "unchanged")) {
                        return "step " + i + ": " + (accepted ? "accepted" : "unchanged") + ", want " + expect;
                    }
                } catch (VerifyException e) {
                    if (!expect.equals("reject") || !e.reason.equals(st.get("reason"))) {
                        return "step " + i + ": " + e.getMessage() + ", want " + expect + " " + st.get("reason");
                    }
                }
            }
            List<String> got = hostLines(state.active(now));
            List<String> want = wantLines(st.get("active"));
            if (!(got == null ? want == null : got.equals(want))) {
                return "step " + i + ": enforcing " + (got == null ? "the shipped pins" : got)
                        + ", want " + (want == null ? "the shipped pins" : want);
            }
        }
        return null;
    }

    private static List<String> hostLines(PinSet s) {
        if (s == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (PinSet.Host h : s.hosts) {
            out.add(h.name + " " + h.includeSubdomains + " " + h.pins);
        }
        return out;
    }

    private static List<String> wantLines(Object active) {
        if (!(active instanceof List)) {
            return null; // JSON null: the shipped pins
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) active) {
            Json.Obj h = (Json.Obj) o;
            out.add(h.get("name") + " " + h.get("include-subdomains") + " " + h.get("pins"));
        }
        return out;
    }

    private static String compare(Json.Obj v, Object result) {
        long version = Json.canonicalInt(v.get("version").toString());
        if (result instanceof PinSetVerifier.Root) {
            PinSetVerifier.Root r = (PinSetVerifier.Root) result;
            long threshold = Json.canonicalInt(v.get("threshold").toString());
            if (r.version != version || r.threshold != threshold || !r.keyIDs().equals(v.get("keys"))) {
                return "root v" + r.version + " " + r.threshold + "-of-" + r.keyIDs();
            }
            return null;
        }
        PinSet s = (PinSet) result;
        if (s.version != version) {
            return "version " + s.version + ", want " + version;
        }
        List<String> got = hostLines(s);
        List<String> exp = wantLines(v.get("hosts"));
        return got.equals(exp) ? null : "hosts " + got + ", want " + exp;
    }
}
