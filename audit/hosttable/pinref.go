package hosttable

import (
	"encoding/base64"
	"strings"

	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// Format is the pin spelling of the pin's source: NSC <pin>, ATS identity,
// TrustKit hash, or (code libraries and bundled certificates) OkHttp's
// "sha256/…".
func (p PinRef) Format() pinfmt.Platform {
	switch p.Source {
	case model.SourceNSC:
		return pinfmt.NSC
	case model.SourceATS:
		return pinfmt.ATS
	case model.SourceTrustKit:
		// iOS hashes as written; Android ones are stored in the standard
		// padded form, which both TrustKit decoders read alike.
		return pinfmt.TrustKitIOS
	}
	return pinfmt.OkHttp
}

// Digest returns the decoded digest as the pin's source reads it, or nil
// when it does not decode there.
func (p PinRef) Digest() []byte {
	v := p.Value
	if p.Format() == pinfmt.OkHttp && p.Source == model.SourceAlamofire {
		v = "sha256/" + trimAlg(v)
	}
	d, err := pinfmt.Parse(p.Format(), v)
	if err != nil {
		return nil
	}
	return d.Raw
}

// Key identifies a pin by algorithm and digest ("sha256/<std base64>"), so
// one key written two ways (padded or not, either alphabet) counts once.
func (p PinRef) Key() string {
	if raw := p.Digest(); raw != nil {
		return p.Algorithm + "/" + base64.StdEncoding.EncodeToString(raw)
	}
	return p.Algorithm + "/" + trimAlg(p.Value)
}

// trimAlg drops an OkHttp "sha256/" or "sha1/" prefix.
func trimAlg(v string) string {
	for _, prefix := range []string{"sha256/", "sha1/"} {
		if rest, ok := strings.CutPrefix(v, prefix); ok {
			return rest
		}
	}
	return v
}
