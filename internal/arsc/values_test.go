package arsc

// configValue is the value of a resource in one configuration.
type configValue struct {
	Config Config
	Value  Value
	Err    error // non-nil when this entry is malformed; Value is then zero
}

// values returns the value of id in every configuration, in table order,
// without following references, so that tests can compare every variant
// with aapt2. It returns nil for an unknown ID.
func (t *Table) values(id uint32) []configValue {
	_, rt := t.typeOf(id)
	if rt == nil {
		return nil
	}
	var out []configValue
	for _, tc := range rt.chunks {
		if e, ok := tc.find(uint16(id)); ok {
			v, err := t.value(id, tc, e)
			out = append(out, configValue{Config: tc.config, Value: v, Err: err})
		}
	}
	return out
}

// problems returns the errors of every malformed entry, in table order.
func problems(t *Table) []error {
	var out []error
	for _, p := range t.pkgs {
		for _, rt := range p.types {
			if rt == nil {
				continue
			}
			for _, tc := range rt.chunks {
				for i := range tc.entries {
					if e := &tc.entries[i]; e.kind == kindBad {
						_, err := t.value(resID(p, rt, e.index), tc, e)
						out = append(out, err)
					}
				}
			}
		}
	}
	return out
}
