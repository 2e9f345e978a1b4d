package hosttable

import (
	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/nsc"
)

// Origin kinds for [Origin.Kind]: where an Android setting of a row comes
// from.
const (
	OriginDefault  = "default"         // the platform default for the targetSdk
	OriginManifest = "manifest"        // android:usesCleartextTraffic (no NSC)
	OriginBase     = "base-config"     // the NSC's <base-config>
	OriginDomain   = "domain-config"   // a <domain-config> (the host's or an ancestor)
	OriginDebug    = "debug-overrides" // <debug-overrides> of a debuggable app
)

// manifestFile is where the platform defaults and manifest flags are
// reported.
const manifestFile = "AndroidManifest.xml"

// Origin says where a setting that is on for a row comes from. The zero
// Origin means the setting is off (or the row is not Android's).
type Origin struct {
	// Kind is one of the Origin* kinds, "" when the setting is off.
	Kind string
	// Host names the declaring <domain-config> by its first <domain>
	// (OriginDomain only).
	Host string
	// Location is the declaring element (cleartext) or the
	// <certificates src="user"> anchor (user CAs); AndroidManifest.xml for
	// OriginDefault and OriginManifest.
	Location model.Location
}

// cleartextOrigin says where the row's cleartext permission comes from;
// on is the row's Cleartext.
func cleartextOrigin(app *model.App, cfg *nsc.Config, eff nsc.Effective, on bool) Origin {
	switch {
	case !on:
		return Origin{}
	case cfg == nil && app.UsesCleartext != nil:
		return Origin{Kind: OriginManifest, Location: model.Location{File: manifestFile}}
	case eff.CleartextFrom == nil:
		return Origin{Kind: OriginDefault, Location: model.Location{File: manifestFile}}
	}
	return elementOrigin(cfg, eff.CleartextFrom, eff.CleartextFrom.Line)
}

// userCAOrigin says where trust in user-installed CAs comes from: the
// first user anchor of the release policy, else a debug-overrides one.
func userCAOrigin(cfg *nsc.Config, eff nsc.Effective) Origin {
	var debug *nsc.Anchor
	for i, a := range eff.Anchors {
		switch {
		case a.Src != "user":
		case a.Debug:
			if debug == nil {
				debug = &eff.Anchors[i]
			}
		case a.From == nil:
			return Origin{Kind: OriginDefault, Location: model.Location{File: manifestFile}}
		default:
			return elementOrigin(cfg, a.From, a.Line)
		}
	}
	if debug != nil {
		return Origin{Kind: OriginDebug, Location: model.Location{File: cfg.File, Line: debug.Line}}
	}
	return Origin{}
}

// elementOrigin is the origin of a setting declared by dc at line.
func elementOrigin(cfg *nsc.Config, dc *nsc.DomainConfig, line int) Origin {
	o := Origin{Kind: OriginDomain, Location: model.Location{File: cfg.File, Line: line}}
	switch dc.Kind {
	case nsc.KindBase:
		o.Kind = OriginBase
	case nsc.KindDebug:
		o.Kind = OriginDebug
	default:
		if len(dc.Domains) > 0 {
			o.Host = dc.Domains[0].Name
		}
	}
	return o
}
