package hosttable

import (
	"testing"

	"github.com/pinkit/pinkit/audit/model"
)

// TestPinRefKey: one key written several ways, by several sources, is one
// pin; different keys and algorithms are not.
func TestPinRefKey(t *testing.T) {
	t.Parallel()
	const a = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	same := []PinRef{
		{Value: a, Algorithm: "sha256", Source: model.SourceNSC},
		{Value: a[:43], Algorithm: "sha256", Source: model.SourceNSC},
		{Value: a[:10] + " " + a[10:], Algorithm: "sha256", Source: model.SourceATS},
		{Value: "sha256/" + a[:43], Algorithm: "sha256", Source: model.SourceOkHttp},
		{Value: "sha256/ypeBEsobvcr6wjGzmiPcTaeG7_gUfE5yuYB3ha_uSLs", Algorithm: "sha256", Source: model.SourceOkHttp},
		{Value: "sha256/" + a, Algorithm: "sha256", Source: model.SourceAlamofire},
		{Value: a, Algorithm: "sha256", Source: model.SourceTrustKit},
	}
	for _, p := range same {
		if p.Key() != "sha256/"+a {
			t.Errorf("%+v: Key() = %q", p, p.Key())
		}
	}
	if got := distinctValid(append([]PinRef{{Value: "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=", Algorithm: "sha256", Source: model.SourceNSC, Valid: true}},
		validAll(same)...)); got != 2 {
		t.Errorf("distinctValid = %d, want 2", got)
	}
	if (PinRef{Value: "sha1/" + a, Algorithm: "sha1", Source: model.SourceOkHttp}).Key() == "sha256/"+a {
		t.Error("a sha1 pin shares a key with a sha256 one")
	}
}

func validAll(ps []PinRef) []PinRef {
	out := make([]PinRef, len(ps))
	for i, p := range ps {
		p.Valid = true
		out[i] = p
	}
	return out
}
